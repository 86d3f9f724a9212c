import { defineFamily } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, fields, presets, validateConfig } from './config.js';
import { createDiscriminator, packPoints } from './discriminator.js';
import { evaluateNetworks, scatterGrid } from './evaluate.js';
import { createGenerator } from './generator.js';
import { instanceNoiseAt, trainStep } from './train-step.js';

/**
 * Toy 2-D GANs as core's training loop and the CLI drive them. Data kind `synthetic`: the step draws
 * its own real points, so `ganforge train toy --preset grid25` needs no --data. The sample grid is a
 * scatter plot (sampleGrid); there are no latent/generate hooks, since the output is points, not
 * images: `ganforge sample` does not apply, `ganforge evaluate` reports modes and high-quality share.
 */
export const toy = defineFamily({
  name: 'toy',
  packageJson,
  description: 'toy 2-D GANs (ring of 8, grid of 25 Gaussians) for mode-collapse studies: PacGAN MLPs, packing, mode metrics',
  data: 'synthetic',
  fields,
  presets,
  benchmarks,
  fitToData: (config) => validateConfig(config),
  networks: { generator: createGenerator, discriminator: createDiscriminator },
  trainStep,
  sampleGrid: (nets, _batch, config) => ({ images: scatterGrid(nets.generator, config), columns: 1 }),
  evaluate: (nets, _data, config) => evaluateNetworks(nets, config),
});

export const { defaults, fieldDocs } = toy;
export { benchmarks, createDiscriminator, createGenerator, fields, instanceNoiseAt, packPoints, presets, trainStep, validateConfig };
export type { ToyConfig, ToyDiscriminatorActivation, ToyInit } from './config.js';
export { distribution, distributionNames, distributions, sampleDistribution, sampleMixture, type DistributionName, type ToyDistribution } from './distributions.js';
export {
  calibrateDiscriminator,
  decisionSurface,
  evaluateToy,
  evaluateToyRejection,
  generatePoints,
  scatterGrid,
  type CalibrationOptions,
  type DecisionSurface,
  type EvaluateToyOptions,
  type RejectionEvaluation,
  type ToyEvaluation,
} from './evaluate.js';
export { modeStatistics, type ModeOptions, type ModeSet, type ModeStatistics } from './metrics.js';
export { renderScatter, scatterColors, type Rgb, type ScatterLayer, type ScatterOptions } from './scatter.js';
