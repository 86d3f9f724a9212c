import * as tf from '@tensorflow/tfjs';
import { ConfigError, defineFamily, doublingPlan, fitImages, imageShapeOf } from '@ganforge/core';
import { projector, zProjection } from '@ganforge/core/project';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, fields, presets, type CganConfig } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { createGenerator } from './generator.js';
import { classLatent, cyclingClassLatent } from './inference.js';
import { oneHotClasses, orthogonalKernels, otherClasses, trainStep } from './train-step.js';

/**
 * Projection of images into z with a fixed class: the code's `class` part is one-hot; every class is
 * tried (best kept) unless one is asked for.
 */
const projection = zProjection<CganConfig>((generator, _config, code) => generator.apply(tf.concat([code.z!, code.class!], 1), { training: false }) as tf.Tensor4D, {
  names: (config) => Array.from({ length: config.numClasses }, (_, k) => String(k)),
  part: 'class',
  encode: (config, classes) => tf.tidy(() => oneHotClasses(tf.tensor1d(classes, 'int32'), config.numClasses)),
});

/** The conditional GAN as core's training loop and the CLI drive it. */
export const cgan = defineFamily({
  name: 'cgan',
  packageJson,
  description: 'Conditional GAN (Mirza & Osindero 2014): images of a requested class; projection D, spectral norm, conditional BN as options',
  data: 'labeled',
  fields,
  presets,
  benchmarks,
  fitToData: (config, shape) => {
    if (shape.numClasses === 0) {
      throw new ConfigError(
        'cgan needs class labels, and this data has none: use a folder with one subfolder per class (e.g. data/cat/*.png, data/dog/*.png) or a built-in dataset (--preset mnist or fashion-mnist)',
      );
    }
    const fitted = { ...fitImages(config, shape), numClasses: shape.numClasses };
    doublingPlan(imageShapeOf(fitted));
    return fitted;
  },
  networks: { generator: createGenerator, discriminator: createDiscriminator },
  trainStep,
  latent: cyclingClassLatent,
  classLatent,
  generate: (generator, latent) => generator.predict(latent) as tf.Tensor4D,
  projection,
  /** D's logits for images and their classes (inference mode), for `ganforge evaluate`'s d-acc. */
  discriminate: (nets, images, labels, config) =>
    tf.tidy(() => nets.discriminator.apply([images, oneHotClasses(labels, config.numClasses)], { training: false }) as tf.Tensor),
});

export const { defaults, fieldDocs } = cgan;
/** Projects images [N, S, S, C] in [-1, 1] into z and a class (`options.condition`, else the best of all): see @ganforge/core/project. */
export const project = projector(projection);
export { benchmarks, classLatent, createDiscriminator, createGenerator, fields, oneHotClasses, orthogonalKernels, otherClasses, presets, trainStep };
export type { CganConfig } from './config.js';
