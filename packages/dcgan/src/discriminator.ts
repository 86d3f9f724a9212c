import * as tf from '@tensorflow/tfjs';
import { resolutionPlan, type DcganConfig } from './config.js';
import { initializers } from './layers.js';

/**
 * DCGAN discriminator: images [N, S, S, C] -> logits [N, 1].
 * Stride-2 4x4 convs doubling channels from ndf (no BatchNorm on the first, Radford et al.), LeakyReLU,
 * then a dense logit over the startSize² map (PyTorch's final 4x4 valid conv).
 */
export function createDiscriminator(config: DcganConfig, seed = 0): tf.LayersModel {
  const { upsamples } = resolutionPlan(config.imageSize);
  const init = initializers(config, seed, 2);
  const model = tf.sequential({ name: 'discriminator' });
  for (let i = 0; i < upsamples; i++) {
    // [N, S/2^i, ·, c] -> [N, S/2^(i+1), ·, ndf·2^i]
    model.add(tf.layers.conv2d({
      name: `down${i + 1}`,
      ...(i === 0 ? { inputShape: [config.imageSize, config.imageSize, config.channels] } : {}),
      filters: config.ndf * 2 ** i,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      useBias: i === 0,
      kernelInitializer: init.weights(),
    }));
    if (i > 0) model.add(init.batchNorm(`down${i + 1}-bn`));
    model.add(tf.layers.leakyReLU({ name: `down${i + 1}-lrelu`, alpha: config.leakySlope }));
  }
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ name: 'logit', units: 1, kernelInitializer: init.weights() })); // [N, 1]
  return model;
}
