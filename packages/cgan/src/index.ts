import * as tf from '@tensorflow/tfjs';
import { ConfigError, doublingPlan, fitSquareImages, type NoiseArchitecture, tfSeed } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, defaults, fieldDocs, presets, type CganConfig } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { createGenerator } from './generator.js';
import { oneHotClasses, orthogonalKernels, trainStep } from './train-step.js';

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

/** The conditional GAN as core's training loop and the CLI drive it. */
export const cgan: NoiseArchitecture<CganConfig> & Required<Pick<NoiseArchitecture<CganConfig>, 'classLatent'>> & { version: string } = {
  name: 'cgan',
  version: packageJson.version,
  description: 'Conditional GAN (Mirza & Osindero 2014): images of a requested class; projection D, spectral norm, conditional BN as options',
  data: 'labeled',
  defaults,
  presets,
  fieldDocs,
  benchmarks,
  fitToData: (config, shape) => {
    if (shape.numClasses === 0) {
      throw new ConfigError(
        'cgan needs class labels, and this data has none: use a folder with one subfolder per class (e.g. data/cat/*.png, data/dog/*.png) or a built-in dataset (--preset mnist or fashion-mnist)',
      );
    }
    const fitted = { ...fitSquareImages('cgan', config, shape), numClasses: shape.numClasses };
    doublingPlan(fitted.imageSize);
    return fitted;
  },
  build: (config, seed) => ({ generator: createGenerator(config, seed), discriminator: createDiscriminator(config, seed) }),
  trainStep,
  /** Codes whose classes cycle 0, 1, ..., K-1, 0, ... (sample grids show every class). */
  latent: (config, count, seed) => classLatent(config, Array.from({ length: count }, (_, i) => i % config.numClasses), seed),
  classLatent,
  generate: (generator, latent) => generator.predict(latent) as tf.Tensor4D,
  /** D's logits for images and their classes (inference mode), for `ganforge evaluate`'s d-acc. */
  discriminate: (nets, images, labels, config) =>
    tf.tidy(() => nets.discriminator.apply([images, oneHotClasses(labels, config.numClasses)], { training: false }) as tf.Tensor),
};

export { benchmarks, createDiscriminator, createGenerator, defaults, fieldDocs, oneHotClasses, orthogonalKernels, presets, trainStep, type CganConfig };
