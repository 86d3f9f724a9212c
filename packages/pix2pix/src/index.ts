import { defineFamily } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, checkConfig, fields, presets, unetDowns } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { evaluate } from './evaluate.js';
import { createGenerator } from './generator.js';
import { sampleGrid, translate } from './inference.js';
import { trainStep } from './train-step.js';

/** pix2pix as core's training loop and the CLI drive it. */
export const pix2pix = defineFamily({
  name: 'pix2pix',
  packageJson,
  description: 'pix2pix (Isola et al. 2017): paired image-to-image translation, U-Net + PatchGAN + L1',
  data: 'paired',
  fields,
  presets,
  benchmarks,
  images: 'any-shape-images',
  check: checkConfig,
  networks: { generator: createGenerator, discriminator: createDiscriminator },
  trainStep,
  sampleGrid,
  evaluate,
  translate,
  cli: { trainFlags: { direction: 'which side of the data is the input, A (AtoB) or B (BtoA)' } },
});

export const { defaults, fieldDocs } = pix2pix;
export { benchmarks, checkConfig, createDiscriminator, createGenerator, evaluate, fields, presets, trainStep, unetDowns };
export type { Pix2pixConfig } from './config.js';
