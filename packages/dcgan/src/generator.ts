import * as tf from '@tensorflow/tfjs';
import { imageShapeOf } from '@ganforge/core';
import { resolutionPlan, type DcganConfig } from './config.js';
import { initializers } from './init.js';

/** DCGAN generator: z [N, latentDim] -> images [N, H, W, C] in [-1, 1], in the config's topology. */
export function createGenerator(config: DcganConfig, seed = 0): tf.LayersModel {
  return config.topology === 'tf-tutorial' ? tutorialGenerator(config, seed) : radfordGenerator(config, seed);
}

/**
 * Radford et al.: a bias-free dense projection (PyTorch's 1x1 -> 4x4 transposed conv) to
 * h0 x w0 x ngf·2^(u-1) (the plan's start, 4x4 for 64x64, 4x8 for 64x128), then u stride-2 4x4
 * transposed convs, each halving channels, with BatchNorm + ReLU, tanh at the end.
 */
function radfordGenerator(config: DcganConfig, seed: number): tf.LayersModel {
  const { startHeight, startWidth, upsamples } = resolutionPlan(imageShapeOf(config));
  const init = initializers(config, seed, 1);
  const startChannels = config.ngf * 2 ** (upsamples - 1);
  const model = tf.sequential({ name: 'generator' });
  model.add(tf.layers.dense({
    name: 'project',
    inputShape: [config.latentDim],
    units: startHeight * startWidth * startChannels,
    useBias: false,
    kernelInitializer: init.weights(),
  }));
  model.add(tf.layers.reshape({ name: 'to-image', targetShape: [startHeight, startWidth, startChannels] })); // [N, h0, w0, ngf·2^(u-1)]
  model.add(init.batchNorm('project-bn'));
  model.add(tf.layers.reLU({ name: 'project-relu' }));
  for (let i = 1; i < upsamples; i++) {
    // [N, h0·2^(i-1), w0·2^(i-1), c] -> [N, h0·2^i, w0·2^i, c/2]
    model.add(init.transposedConv(`up${i}`, startChannels / 2 ** i, 4, 2));
    model.add(init.batchNorm(`up${i}-bn`));
    model.add(tf.layers.reLU({ name: `up${i}-relu` }));
  }
  model.add(init.transposedConv('to-rgb', config.channels, 4, 2, 'tanh')); // [N, H, W, C]
  return model;
}

/**
 * The TensorFlow DCGAN tutorial's generator: dense to (H/4)(W/4)·256 with BatchNorm (per unit, as the
 * tutorial normalises before reshaping) and LeakyReLU, then 5x5 transposed convs to 128 (stride 1),
 * 64 and C (stride 2), tanh at the end.
 */
function tutorialGenerator(config: DcganConfig, seed: number): tf.LayersModel {
  const { startHeight, startWidth } = resolutionPlan(imageShapeOf(config), 'tf-tutorial');
  const init = initializers(config, seed, 1);
  const model = tf.sequential({ name: 'generator' });
  model.add(tf.layers.dense({
    name: 'project',
    inputShape: [config.latentDim],
    units: startHeight * startWidth * 256,
    useBias: false,
    kernelInitializer: init.weights(),
  }));
  model.add(init.batchNorm('project-bn'));
  model.add(tf.layers.leakyReLU({ name: 'project-lrelu', alpha: config.leakySlope }));
  model.add(tf.layers.reshape({ name: 'to-image', targetShape: [startHeight, startWidth, 256] })); // [N, H/4, W/4, 256]
  [
    { name: 'up1', filters: 128, strides: 1 }, // [N, H/4, W/4, 128]
    { name: 'up2', filters: 64, strides: 2 }, // [N, H/2, W/2, 64]
  ].forEach(({ name, filters, strides }) => {
    model.add(init.transposedConv(name, filters, 5, strides));
    model.add(init.batchNorm(`${name}-bn`));
    model.add(tf.layers.leakyReLU({ name: `${name}-lrelu`, alpha: config.leakySlope }));
  });
  model.add(init.transposedConv('to-rgb', config.channels, 5, 2, 'tanh')); // [N, H, W, C]
  return model;
}
