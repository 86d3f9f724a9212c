import * as tf from '@tensorflow/tfjs';
import { validateConfig, type ToyConfig } from './config.js';
import { weightInit } from './init.js';

/**
 * PacGAN's toy generator: z [N, latentDim] -> points [N, 2].
 * gLayers bias-free dense layers of gUnits, each with BatchNorm + ReLU, then a linear dense to 2-D
 * (no tanh: the grid spans ±4), times coordinateScale when that is not 1.
 */
export function createGenerator(config: ToyConfig, seed = 0): tf.LayersModel {
  validateConfig(config);
  const weights = weightInit(config, seed, 1);
  const model = tf.sequential({ name: 'generator' });
  for (let i = 1; i <= config.gLayers; i++) {
    // [N, ·] -> [N, gUnits]
    model.add(tf.layers.dense({
      name: `hidden${i}`,
      ...(i === 1 ? { inputShape: [config.latentDim] } : {}),
      units: config.gUnits,
      useBias: false,
      kernelInitializer: weights(),
    }));
    model.add(tf.layers.batchNormalization({ name: `hidden${i}-bn`, momentum: config.batchNormMomentum, epsilon: 1e-5 }));
    model.add(tf.layers.reLU({ name: `hidden${i}-relu` }));
  }
  model.add(tf.layers.dense({ name: 'points', units: 2, kernelInitializer: weights() })); // [N, 2]
  if (config.coordinateScale !== 1) model.add(tf.layers.rescaling({ name: 'to-data', scale: config.coordinateScale }));
  return model;
}
