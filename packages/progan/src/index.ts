import * as tf from '@tensorflow/tfjs';
import { defineFamily } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, fields, presets, validateConfig } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { createGenerator } from './generator.js';
import { onnx, onnxConverters } from './onnx.js';
import { trainStep } from './train-step.js';

/** ProGAN as core's training loop and the CLI drive it. */
export const progan = defineFamily({
  name: 'progan',
  packageJson,
  description: 'Progressive GAN (Karras et al. 2018): grows from 4x4 with fade-in; pixel norm, minibatch stddev, equalized LR, WGAN-GP',
  data: 'images',
  fields,
  presets,
  benchmarks,
  check: validateConfig,
  networks: { generator: createGenerator, discriminator: createDiscriminator },
  trainStep,
  latent: 'normal',
  onnx,
  /** Images at the resolution the generator was trained to, upsampled (nearest) to imageSize, clipped to [-1, 1]. */
  generate: (generator, latent) => tf.tidy(() => tf.clipByValue(generator.predict(latent) as tf.Tensor4D, -1, 1)),
});

export const { defaults, fieldDocs } = progan;
export { benchmarks, createDiscriminator, createGenerator, fields, onnxConverters, presets, trainStep, validateConfig };
export { batchAt, channelsAt, levels, progressAt, resolutionOf, type ProganConfig, type Progress } from './config.js';
export { criticize, setDiscriminatorLevel } from './discriminator.js';
export { setGeneratorLevel, synthesize } from './generator.js';
export { CriticFade } from './layers/critic-fade.js';
export { FadeIn } from './layers/fade-in.js';
