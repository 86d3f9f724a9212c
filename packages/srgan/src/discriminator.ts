import * as tf from '@tensorflow/tfjs';
import type { SrganConfig } from './config.js';
import { initializers } from './init.js';

/**
 * SRGAN discriminator (Ledig et al. 2017, Fig. 4): HR crops [N, S, S, C] -> logits [N, 1].
 * Eight 3x3 convs, ndf -> 8·ndf channels, doubling every other conv, stride 2 on every second one
 * (S -> S/16); BN on all but the first; LeakyReLU; dense denseUnits + LeakyReLU; dense 1.
 */
export function createDiscriminator(config: SrganConfig, seed = 0): tf.LayersModel {
  const init = initializers(config, seed, 2);
  const { ndf } = config;
  // (channels, stride) of convs 2..8; conv 1 is (ndf, 1) without BN.
  const plan: [number, number][] = [[ndf, 2], [2 * ndf, 1], [2 * ndf, 2], [4 * ndf, 1], [4 * ndf, 2], [8 * ndf, 1], [8 * ndf, 2]];
  const model = tf.sequential({ name: 'discriminator' });
  model.add(tf.layers.conv2d({
    name: 'conv1',
    inputShape: [config.cropSize, config.cropSize, config.channels],
    filters: ndf,
    kernelSize: 3,
    padding: 'same',
    kernelInitializer: init.weights(),
  }));
  model.add(tf.layers.leakyReLU({ name: 'conv1-lrelu', alpha: config.leakySlope }));
  plan.forEach(([filters, strides], i) => {
    const name = `conv${i + 2}`;
    // [N, s, s, c] -> [N, s/stride, s/stride, filters]
    model.add(tf.layers.conv2d({ name, filters, kernelSize: 3, strides, padding: 'same', kernelInitializer: init.weights() }));
    model.add(init.batchNorm(`${name}-bn`));
    model.add(tf.layers.leakyReLU({ name: `${name}-lrelu`, alpha: config.leakySlope }));
  });
  model.add(tf.layers.flatten({ name: 'flatten' })); // [N, (S/16)²·8·ndf]
  model.add(tf.layers.dense({ name: 'dense', units: config.denseUnits, kernelInitializer: init.weights() }));
  model.add(tf.layers.leakyReLU({ name: 'dense-lrelu', alpha: config.leakySlope }));
  model.add(tf.layers.dense({ name: 'logit', units: 1, kernelInitializer: init.weights() })); // [N, 1]
  return model;
}
