import * as tf from '@tensorflow/tfjs';
import { radfordInitializers, spectralNorm } from '@ganforge/core/layers';
import type { CganConfig } from './config.js';

/**
 * Seeded initialisers, each layer seeded apart: core's Radford et al. N(0, initStd) weights and
 * N(1, initStd) batch-norm scales, N(0, 1) class embeddings (PyTorch's nn.Embedding); and `kernel`,
 * which wraps a layer in spectral normalisation when `normalize` is set (D with config.spectralNorm).
 */
export function initializers(config: CganConfig, seed: number, network: number, normalize = false) {
  const { next, weights, batchNorm } = radfordInitializers(config, seed, network);
  return {
    next,
    weights,
    embedding: () => tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: next() }),
    batchNorm,
    kernel: (layerToWrap: tf.layers.Layer): tf.layers.Layer =>
      normalize ? spectralNorm({ layer: layerToWrap, name: `${layerToWrap.name}-sn`, seed: next() }) : layerToWrap,
  };
}
