import * as tf from '@tensorflow/tfjs';
import { radfordInitializers, spectralNorm } from '@ganforge/core';
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

/**
 * Columns [from, from + length) of a [N, F] tensor, as layers (reshape to a 1-row image and crop),
 * so a single-input model can split its input [z | one-hot] without a custom layer.
 */
export function sliceColumns(input: tf.SymbolicTensor, from: number, length: number, name: string): tf.SymbolicTensor {
  const width = input.shape[1]!;
  const row = tf.layers.reshape({ name: `${name}-row`, targetShape: [1, width, 1] }).apply(input); // [N, 1, F, 1]
  const cropped = tf.layers.cropping2D({ name: `${name}-crop`, cropping: [[0, 0], [from, width - from - length]] }).apply(row); // [N, 1, length, 1]
  return tf.layers.flatten({ name }).apply(cropped) as tf.SymbolicTensor; // [N, length]
}
