import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@ganforge/core';
import { tfSeed } from '@ganforge/core/random';
import type { CganConfig } from './config.js';
import { oneHotClasses } from './train-step.js';

/**
 * Latent codes [N, latentDim + numClasses] = [z | one-hot(class)] asking for `classes`, one code per
 * entry; z ~ N(0, 1) seeded by `seed`. Caller disposes.
 */
export function classLatent(config: CganConfig, classes: readonly number[], seed: number): tf.Tensor2D {
  for (const c of classes) {
    if (!Number.isInteger(c) || c < 0 || c >= config.numClasses) {
      throw new ConfigError(`class ${c} does not exist; this model has classes 0..${config.numClasses - 1}`);
    }
  }
  return tf.tidy(() => {
    const z = tf.randomNormal([classes.length, config.latentDim], 0, 1, 'float32', tfSeed(seed));
    return tf.concat([z, oneHotClasses(tf.tensor1d(classes as number[], 'int32'), config.numClasses)], 1) as tf.Tensor2D;
  });
}

/** Codes whose classes cycle 0, 1, ..., K-1, 0, ... (sample grids show every class). Caller disposes. */
export const cyclingClassLatent = (config: CganConfig, count: number, seed: number): tf.Tensor2D =>
  classLatent(config, Array.from({ length: count }, (_, i) => i % config.numClasses), seed);
