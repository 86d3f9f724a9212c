import * as tf from '@tensorflow/tfjs';
import { EqualizedConv2D, EqualizedDense, MinibatchStddev } from '@ganforge/core/layers';
import { rngStreams, tfSeed } from '@ganforge/core/random';
import { channelsAt, levels, resolutionOf, type ProganConfig } from './config.js';
import { CriticFade } from './layers/critic-fade.js';
import { applyNamed } from './generator.js';

/**
 * ProGAN critic (Karras et al. 2018, Table 2), NHWC: images [N, r, r, C] at the current resolution
 * -> scores [N, 1].
 *
 *   fromRGB at every resolution: conv1 (lrelu)
 *   r = S..8: conv3 C_r (lrelu) -> conv3 C_{r/2} (lrelu) -> 2x2 average pool
 *   4x4: minibatch stddev -> conv3 (lrelu) -> conv4 valid (lrelu) -> dense 1 (linear, gain 1)
 *
 * Every layer has an equalized learning rate. The model holds every resolution's layers. Its graph
 * takes full-size images and is the progressive critic at the level its CriticFade layers hold
 * (each block's output is blended with fromRGB of the image pooled to the next level down); the
 * train step runs `criticize` instead, which computes only the active resolutions.
 */

export const discriminatorBlock = (resolution: number): string[] =>
  resolution === 4 ? ['d4-mbstd', 'd4-conv', 'd4-dense', 'd4-flatten', 'd4-out'] : [`d${resolution}-conv0`, `d${resolution}-conv1`, `d${resolution}-pool`];

export const fromRgbName = (resolution: number): string => `d${resolution}-fromrgb`;

/** Name of the blend after the block of a resolution. */
export const criticFadeName = (resolution: number): string => `d${resolution}-fade`;

export function createDiscriminator(config: ProganConfig, seed = 0): tf.LayersModel {
  const top = levels(config.imageSize);
  let count = 0;
  const init = () => tfSeed(seed, rngStreams.init, 2, count++);
  const conv = (name: string, filters: number, kernelSize: number, padding: 'same' | 'valid' = 'same') =>
    new EqualizedConv2D({ name, filters, kernelSize, padding, activation: 'lrelu', seed: init() });
  const apply = (layers: tf.layers.Layer[], x: tf.SymbolicTensor) => layers.reduce((h, layer) => layer.apply(h) as tf.SymbolicTensor, x);

  const image = tf.input({ shape: [config.imageSize, config.imageSize, config.channels], name: 'image' });
  let pooled = image; // the image at level i, [N, r, r, C]
  let x = conv(fromRgbName(config.imageSize), channelsAt(config, config.imageSize), 1).apply(image) as tf.SymbolicTensor;
  for (let level = top; level > 0; level--) {
    const r = resolutionOf(level);
    // [N, r, r, C_r] -> [N, r/2, r/2, C_{r/2}]
    const block = apply([conv(`d${r}-conv0`, channelsAt(config, r), 3), conv(`d${r}-conv1`, channelsAt(config, r / 2), 3), tf.layers.averagePooling2d({ name: `d${r}-pool`, poolSize: 2 })], x);
    pooled = tf.layers.averagePooling2d({ name: `d${r}-downscale`, poolSize: 2 }).apply(pooled) as tf.SymbolicTensor;
    const skip = conv(fromRgbName(r / 2), channelsAt(config, r / 2), 1).apply(pooled) as tf.SymbolicTensor;
    x = new CriticFade({ name: criticFadeName(r), blockLevel: level }).apply([skip, block]) as tf.SymbolicTensor;
  }
  const score = apply([
    new MinibatchStddev({ name: 'd4-mbstd', groupSize: config.mbstdGroup }), // [N, 4, 4, C₄ + 1]
    conv('d4-conv', channelsAt(config, 4), 3),
    conv('d4-dense', channelsAt(config, 4), 4, 'valid'), // [N, 1, 1, C₄]
    tf.layers.flatten({ name: 'd4-flatten' }),
    new EqualizedDense({ name: 'd4-out', units: 1, gain: 1, seed: init() }), // [N, 1]
  ], x);
  return tf.model({ name: 'discriminator', inputs: image, outputs: score });
}

/** Sets the level of detail the critic's graph runs at (see CriticFade). */
export function setDiscriminatorLevel(discriminator: tf.LayersModel, lod: number): void {
  for (const layer of discriminator.layers) if (layer instanceof CriticFade) layer.setLevel(lod);
}

/**
 * The critic at `level` with the newest block at weight `alpha`: for images [N, r, r, C],
 * r = 4·2^level, the first block's output is (1 - alpha)·fromRGB_{level-1}(avgpool(x)) +
 * alpha·block_level(fromRGB_level(x)). Scores [N, 1]. Caller disposes.
 */
export function criticize(discriminator: tf.LayersModel, images: tf.Tensor4D, level: number, alpha: number): tf.Tensor {
  return tf.tidy(() => {
    const r = resolutionOf(level);
    let x = discriminator.getLayer(fromRgbName(r)).apply(images) as tf.Tensor; // [N, r, r, C_r]
    for (let i = level; i >= 0; i--) {
      x = applyNamed(discriminator, discriminatorBlock(resolutionOf(i)), x);
      if (i === level && level > 0 && alpha < 1) {
        const skip = discriminator.getLayer(fromRgbName(r / 2)).apply(tf.avgPool(images, 2, 2, 'valid')) as tf.Tensor;
        x = tf.add(tf.mul(skip, 1 - alpha), tf.mul(x, alpha));
      }
    }
    return x;
  });
}
