import { defineFamily } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, checkConfig, fields, presets, residualBlocks } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { evaluate } from './evaluate.js';
import { createGenerator } from './generator.js';
import { createPoolNetwork, poolNetworkName, queryPool } from './history-pool.js';
import { sampleGrid, translate } from './inference.js';
import { trainStep } from './train-step.js';

/** CycleGAN as core's training loop and the CLI drive it. */
export const cyclegan = defineFamily({
  name: 'cyclegan',
  packageJson,
  description: 'CycleGAN (Zhu et al. 2017): unpaired image-to-image translation, two ResNet generators + two PatchGANs, cycle consistency',
  data: 'unpaired',
  fields,
  presets,
  benchmarks,
  images: 'any-shape-images',
  check: checkConfig,
  build: (config, seed) => ({
    generator: createGenerator(config, seed, 1, 'generator'),
    generatorBA: createGenerator(config, seed, 2, 'generatorBA'),
    discriminator: createDiscriminator(config, seed, 3, 'discriminator'),
    discriminatorA: createDiscriminator(config, seed, 4, 'discriminatorA'),
    ...(config.poolSize > 0 ? { [poolNetworkName]: createPoolNetwork(config) } : {}),
  }),
  trainStep,
  sampleGrid,
  evaluate,
  translate,
  cli: { trainFlags: { direction: 'which domain is the input of `generator`, A (AtoB) or B (BtoA)' } },
});

export const { defaults, fieldDocs } = cyclegan;
export { benchmarks, checkConfig, createDiscriminator, createGenerator, createPoolNetwork, fields, poolNetworkName, presets, queryPool, residualBlocks, trainStep };
export type { CycleganConfig } from './config.js';
