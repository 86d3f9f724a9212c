import * as tf from '@tensorflow/tfjs';
import { radfordInitializers } from '@ganforge/core/layers';
import type { DcganConfig } from './config.js';

/**
 * core's Radford et al. initialisers (N(0, initStd) weights, N(1, initStd) batch-norm scales, each
 * layer seeded apart) and the bias-free 'same'-padded transposed convolution both topologies build on.
 */
export function initializers(config: DcganConfig, seed: number, network: number) {
  const { weights, batchNorm } = radfordInitializers(config, seed, network);
  return {
    weights,
    batchNorm,
    transposedConv: (name: string, filters: number, kernelSize: number, strides: number, activation?: 'tanh') =>
      tf.layers.conv2dTranspose({ name, filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: weights(), activation }),
  };
}
