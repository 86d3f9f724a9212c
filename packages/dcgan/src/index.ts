import type * as tf from '@tensorflow/tfjs';
import { defineFamily, imageShapeOf } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, fields, presets, resolutionPlan } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { createGenerator } from './generator.js';
import { trainStep } from './train-step.js';

/** DCGAN as core's training loop and the CLI drive it. */
export const dcgan = defineFamily({
  name: 'dcgan',
  packageJson,
  description: 'DCGAN (Radford et al. 2016): unconditional images from noise',
  data: 'images',
  fields,
  presets,
  benchmarks,
  images: 'any-shape-images',
  check: (config) => resolutionPlan(imageShapeOf(config), config.topology),
  networks: { generator: createGenerator, discriminator: createDiscriminator },
  trainStep,
  latent: 'normal',
  generate: (generator, latent) => generator.predict(latent) as tf.Tensor4D,
});

export const { defaults, fieldDocs } = dcgan;
export { benchmarks, createDiscriminator, createGenerator, fields, presets, resolutionPlan, trainStep };
export type { DcganConfig, DcganTopology } from './config.js';
export type { ResolutionPlan } from '@ganforge/core';
