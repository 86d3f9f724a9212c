import * as tf from '@tensorflow/tfjs';
import { deriveSeed, rngStreams } from '@ganforge/core';
import type { DcganConfig } from './config.js';

/**
 * N(0, initStd) weights and N(1, initStd) batch-norm scales (Radford et al.), each layer seeded apart,
 * and the bias-free 'same'-padded transposed convolution both topologies build on.
 */
export function initializers(config: DcganConfig, seed: number, network: number) {
  let layer = 0;
  const next = () => deriveSeed(seed, rngStreams.init, network, layer++);
  const weights = () => tf.initializers.randomNormal({ mean: 0, stddev: config.initStd, seed: next() });
  return {
    weights,
    transposedConv: (name: string, filters: number, kernelSize: number, strides: number, activation?: 'tanh') =>
      tf.layers.conv2dTranspose({ name, filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: weights(), activation }),
    batchNorm: (name: string) =>
      tf.layers.batchNormalization({
        name,
        momentum: config.batchNormMomentum,
        epsilon: 1e-5,
        gammaInitializer: tf.initializers.randomNormal({ mean: 1, stddev: config.initStd, seed: next() }),
      }),
  };
}
