import * as tf from '@tensorflow/tfjs';
import { resolutionPlan, type DcganConfig } from './config.js';
import { initializers } from './layers.js';

/**
 * DCGAN generator: z [N, latentDim] -> images [N, S, S, C] in [-1, 1].
 * A bias-free dense projection (PyTorch's 1x1 -> 4x4 transposed conv) to startSize² x ngf·2^(u-1),
 * then u stride-2 4x4 transposed convs, each halving channels, with BatchNorm + ReLU, tanh at the end.
 */
export function createGenerator(config: DcganConfig, seed = 0): tf.LayersModel {
  const { startSize, upsamples } = resolutionPlan(config.imageSize);
  const init = initializers(config, seed, 1);
  const startChannels = config.ngf * 2 ** (upsamples - 1);
  const model = tf.sequential({ name: 'generator' });
  model.add(tf.layers.dense({
    name: 'project',
    inputShape: [config.latentDim],
    units: startSize * startSize * startChannels,
    useBias: false,
    kernelInitializer: init.weights(),
  }));
  model.add(tf.layers.reshape({ name: 'to-image', targetShape: [startSize, startSize, startChannels] })); // [N, s, s, ngf·2^(u-1)]
  model.add(init.batchNorm('project-bn'));
  model.add(tf.layers.reLU({ name: 'project-relu' }));
  for (let i = 1; i < upsamples; i++) {
    // [N, s·2^(i-1), ·, c] -> [N, s·2^i, ·, c/2]
    model.add(tf.layers.conv2dTranspose({
      name: `up${i}`,
      filters: startChannels / 2 ** i,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      useBias: false,
      kernelInitializer: init.weights(),
    }));
    model.add(init.batchNorm(`up${i}-bn`));
    model.add(tf.layers.reLU({ name: `up${i}-relu` }));
  }
  model.add(tf.layers.conv2dTranspose({
    name: 'to-rgb',
    filters: config.channels,
    kernelSize: 4,
    strides: 2,
    padding: 'same',
    useBias: false,
    kernelInitializer: init.weights(),
    activation: 'tanh',
  })); // [N, S, S, C]
  return model;
}
