import * as tf from '@tensorflow/tfjs';
import { SeededDropout } from '@ganforge/core/layers';
import { imageShapeOf } from '@ganforge/core';
import { deriveSeed, rngStreams } from '@ganforge/core/random';
import { resolutionPlan, type DcganConfig } from './config.js';
import { initializers } from './init.js';

/** DCGAN discriminator: images [N, H, W, C] -> logits [N, 1], in the config's topology. */
export function createDiscriminator(config: DcganConfig, seed = 0): tf.LayersModel {
  const tutorial = config.topology === 'tf-tutorial';
  const shape = imageShapeOf(config);
  const { upsamples } = resolutionPlan(shape, config.topology);
  const init = initializers(config, seed, 2);
  const model = tf.sequential({ name: 'discriminator' });
  for (let i = 0; i < upsamples; i++) {
    // [N, H/2^i, W/2^i, c] -> [N, H/2^(i+1), W/2^(i+1), ndf·2^i]; the tutorial: 5x5 kernels, 64 then 128, biases, no BatchNorm
    const name = `down${i + 1}`;
    model.add(tf.layers.conv2d({
      name,
      ...(i === 0 ? { inputShape: [shape.height, shape.width, config.channels] } : {}),
      filters: tutorial ? 64 * 2 ** i : config.ndf * 2 ** i,
      kernelSize: tutorial ? 5 : 4,
      strides: 2,
      padding: 'same',
      useBias: tutorial || i === 0,
      kernelInitializer: init.weights(),
    }));
    if (!tutorial && i > 0) model.add(init.batchNorm(`${name}-bn`));
    model.add(tf.layers.leakyReLU({ name: `${name}-lrelu`, alpha: config.leakySlope }));
    if (tutorial) model.add(new SeededDropout({ name: `${name}-dropout`, rate: 0.3, seed: deriveSeed(seed, rngStreams.dNoise, i) }));
  }
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ name: 'logit', units: 1, kernelInitializer: init.weights() })); // [N, 1]
  return model;
}
