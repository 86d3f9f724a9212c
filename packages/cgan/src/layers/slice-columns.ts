import * as tf from '@tensorflow/tfjs';

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
