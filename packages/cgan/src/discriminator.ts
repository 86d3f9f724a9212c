import * as tf from '@tensorflow/tfjs';
import { doublingPlan, imageShapeOf } from '@ganforge/core';
import { SeededDropout } from '@ganforge/core/layers';
import { deriveSeed, rngStreams } from '@ganforge/core/random';
import type { CganConfig } from './config.js';
import { initializers } from './init.js';
import { ClassStddev } from './layers/class-stddev.js';

/**
 * Conditional discriminator: [images [N, H, W, C], one-hot classes [N, K]] -> logits [N, 1]. It
 * judges image and class together, so a good image of the wrong class scores as fake.
 *
 * Default, the recipe (shared/reference/torch/cgan.py): the class embedding (one-hot · E) is
 * projected by a dense layer to an H x W map and concatenated to the image as an extra channel;
 * then u stride-2 convs doubling channels from ndf, each with LeakyReLU and dropout, and a dense
 * logit over the flattened features φ(x).
 * `projection` (Miyato & Koyama 2018): the convs see the image alone and the class enters at the
 * end, logit = ψ(φ(x)) + embed(y)·φ(x).
 * `spectralNorm`: every conv and dense kernel is spectrally normalised (Miyato et al. 2018).
 * `classStddev`: the last conv also sees the within-class standard deviation of the batch
 * (layers/class-stddev.ts), so D can tell a class drawn one way from the real class's spread.
 */
export function createDiscriminator(config: CganConfig, seed = 0): tf.LayersModel {
  const { height, width } = imageShapeOf(config);
  const { upsamples } = doublingPlan({ height, width });
  const init = initializers(config, seed, 2, config.spectralNorm);
  const { numClasses, kernelSize } = config;
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;

  const image = tf.input({ name: 'image', shape: [height, width, config.channels] }); // [N, H, W, C]
  const label = tf.input({ name: 'label', shape: [numClasses] }); // [N, K] one-hot

  let x = image;
  if (!config.projection) {
    const embedding = apply(init.kernel(tf.layers.dense({ name: 'class-embedding', units: config.embeddingDim, useBias: false, kernelInitializer: init.embedding() })), label); // [N, E]
    const map = apply(init.kernel(tf.layers.dense({ name: 'class-map', units: height * width, kernelInitializer: init.weights() })), embedding); // [N, H·W]
    const channel = apply(tf.layers.reshape({ name: 'class-channel', targetShape: [height, width, 1] }), map); // [N, H, W, 1]
    x = apply(tf.layers.concatenate({ name: 'image-and-class' }), [image, channel]); // [N, H, W, C + 1]
  }
  for (let i = 0; i < upsamples; i++) {
    // [N, H/2^i, W/2^i, c] -> [N, H/2^(i+1), W/2^(i+1), ndf·2^i]
    const name = `down${i + 1}`;
    if (config.classStddev && i === upsamples - 1) x = apply(new ClassStddev({ name: 'class-stddev' }), [x, label]); // [N, h, w, c + 1]
    x = apply(init.kernel(tf.layers.conv2d({ name, filters: config.ndf * 2 ** i, kernelSize, strides: 2, padding: 'same', kernelInitializer: init.weights() })), x);
    x = apply(tf.layers.leakyReLU({ name: `${name}-lrelu`, alpha: config.leakySlope }), x);
    if (config.dropout > 0) x = apply(new SeededDropout({ name: `${name}-dropout`, rate: config.dropout, seed: deriveSeed(seed, rngStreams.dNoise, i) }), x);
  }
  const features = apply(tf.layers.flatten({ name: 'features' }), x); // φ(x) [N, F]
  let logit = apply(init.kernel(tf.layers.dense({ name: 'logit', units: 1, kernelInitializer: init.weights() })), features); // ψ(φ(x)) [N, 1]
  if (config.projection) {
    const featureCount = features.shape[1]!;
    const embedding = apply(init.kernel(tf.layers.dense({ name: 'class-projection', units: featureCount, useBias: false, kernelInitializer: init.weights() })), label); // [N, F]
    const projected = apply(tf.layers.dot({ name: 'class-dot', axes: 1 }), [embedding, features]); // embed(y)·φ(x) [N, 1]
    logit = apply(tf.layers.add({ name: 'logit-and-class' }), [logit, projected]);
  }
  return tf.model({ name: 'discriminator', inputs: [image, label], outputs: logit });
}
