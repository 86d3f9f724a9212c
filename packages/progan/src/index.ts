import * as tf from '@tensorflow/tfjs';
import { fitSquareImages, normalLatent, type NoiseArchitecture } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import {
  batchAt,
  benchmarks,
  channelsAt,
  defaults,
  fieldDocs,
  levels,
  presets,
  progressAt,
  resolutionOf,
  validateConfig,
  type ProganConfig,
  type Progress,
} from './config.js';
import { createDiscriminator, criticize, setDiscriminatorLevel } from './discriminator.js';
import { CriticFade, FadeIn } from './fade-in.js';
import { createGenerator, setGeneratorLevel, synthesize } from './generator.js';
import { onnx, onnxConverters } from './onnx.js';
import { trainStep } from './train-step.js';

/** ProGAN as core's training loop and the CLI drive it. */
export const progan: NoiseArchitecture<ProganConfig> & { version: string } = {
  name: 'progan',
  version: packageJson.version,
  description: 'Progressive GAN (Karras et al. 2018): grows from 4x4 with fade-in; pixel norm, minibatch stddev, equalized LR, WGAN-GP',
  data: 'images',
  defaults,
  presets,
  fieldDocs,
  benchmarks,
  fitToData: (config, shape) => {
    const fitted = fitSquareImages('ProGAN', config, shape);
    validateConfig(fitted);
    return fitted;
  },
  build: (config, seed) => ({ generator: createGenerator(config, seed), discriminator: createDiscriminator(config, seed) }),
  trainStep,
  latent: normalLatent,
  onnx,
  /** Images at the resolution the generator was trained to, upsampled (nearest) to imageSize, clipped to [-1, 1]. */
  generate: (generator, latent) => tf.tidy(() => tf.clipByValue(generator.predict(latent) as tf.Tensor4D, -1, 1)),
};

export {
  batchAt,
  benchmarks,
  channelsAt,
  createDiscriminator,
  createGenerator,
  CriticFade,
  criticize,
  defaults,
  FadeIn,
  fieldDocs,
  levels,
  onnxConverters,
  presets,
  progressAt,
  resolutionOf,
  setDiscriminatorLevel,
  setGeneratorLevel,
  synthesize,
  trainStep,
  validateConfig,
  type ProganConfig,
  type Progress,
};
