import * as tf from '@tensorflow/tfjs';
import { doublingPlan, imageShapeOf } from '@ganforge/core';
import { conditionalBatchNorm } from '@ganforge/core/layers';
import type { CganConfig } from './config.js';
import { initializers } from './init.js';
import { sliceColumns } from './layers/slice-columns.js';

/**
 * Conditional generator: latent codes [N, latentDim + numClasses] = [z | one-hot(y)] -> images
 * [N, H, W, C] in [-1, 1]. One input, so a sampled latent is all a caller needs (and `ganforge
 * export` gives a model that takes it alone).
 *
 * The label-embedding DCGAN recipe (shared/reference/torch/cgan.py at 28px): y is embedded
 * (one-hot · E, which is nn.Embedding's lookup) and concatenated to z; a bias-free dense projection
 * to h0 x w0 x ngf·2^u (the doubling plan's start: 7x7 at 28px, 4x8 at 32x64) with batch norm per unit and LeakyReLU; a stride-1 transposed conv to
 * ngf·2^(u-1); u - 1 stride-2 transposed convs halving channels; a stride-2 transposed conv to C,
 * tanh. With `conditionalBatchNorm` every batch norm takes its scale and shift from the class
 * embedding (the projection is then normalised per channel, after the reshape).
 */
export function createGenerator(config: CganConfig, seed = 0): tf.LayersModel {
  const { startHeight, startWidth, upsamples } = doublingPlan(imageShapeOf(config));
  const init = initializers(config, seed, 1);
  const { latentDim, numClasses, ngf, kernelSize } = config;
  const startChannels = ngf * 2 ** upsamples;

  const latent = tf.input({ name: 'latent', shape: [latentDim + numClasses] }); // [N, nz + K]
  const z = sliceColumns(latent, 0, latentDim, 'z'); // [N, nz]
  const label = sliceColumns(latent, latentDim, numClasses, 'label'); // [N, K] one-hot
  const embedding = tf.layers
    .dense({ name: 'class-embedding', units: config.embeddingDim, useBias: false, kernelInitializer: init.embedding() })
    .apply(label) as tf.SymbolicTensor; // [N, E]

  const norm = (name: string, x: tf.SymbolicTensor) =>
    (config.conditionalBatchNorm
      ? conditionalBatchNorm({ name, momentum: config.batchNormMomentum }).apply([x, embedding])
      : init.batchNorm(name).apply(x)) as tf.SymbolicTensor;
  const leaky = (name: string, x: tf.SymbolicTensor) => tf.layers.leakyReLU({ name, alpha: config.leakySlope }).apply(x) as tf.SymbolicTensor;
  const transposed = (name: string, filters: number, strides: number, activation?: 'tanh') =>
    tf.layers.conv2dTranspose({ name, filters, kernelSize, strides, padding: 'same', useBias: false, kernelInitializer: init.weights(), activation });

  const joined = tf.layers.concatenate({ name: 'z-and-class' }).apply([z, embedding]); // [N, nz + E]
  let x = tf.layers
    .dense({ name: 'project', units: startHeight * startWidth * startChannels, useBias: false, kernelInitializer: init.weights() })
    .apply(joined) as tf.SymbolicTensor; // [N, h0·w0·ngf·2^u]
  const toImage = tf.layers.reshape({ name: 'to-image', targetShape: [startHeight, startWidth, startChannels] });
  if (config.conditionalBatchNorm) {
    x = leaky('project-lrelu', norm('project-bn', toImage.apply(x) as tf.SymbolicTensor)); // [N, h0, w0, ngf·2^u]
  } else {
    x = toImage.apply(leaky('project-lrelu', norm('project-bn', x))) as tf.SymbolicTensor; // BatchNorm1d as the recipe
  }
  for (let i = 0; i < upsamples; i++) {
    // up1 keeps h0 x w0 (stride 1); then [N, h0·2^(i-1), w0·2^(i-1), c] -> [N, h0·2^i, w0·2^i, c/2]
    const name = `up${i + 1}`;
    x = transposed(name, ngf * 2 ** (upsamples - 1 - i), i === 0 ? 1 : 2).apply(x) as tf.SymbolicTensor;
    x = leaky(`${name}-lrelu`, norm(`${name}-bn`, x));
  }
  const images = transposed('to-rgb', config.channels, 2, 'tanh').apply(x) as tf.SymbolicTensor; // [N, H, W, C]
  return tf.model({ name: 'generator', inputs: latent, outputs: images });
}
