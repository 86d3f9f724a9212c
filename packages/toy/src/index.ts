import type { Architecture } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, defaults, fieldDocs, presets, validateConfig, type ToyConfig, type ToyDiscriminatorActivation, type ToyInit } from './config.js';
import { createDiscriminator, packPoints } from './discriminator.js';
import { distribution, distributionNames, distributions, sampleDistribution, sampleMixture, type DistributionName, type ToyDistribution } from './distributions.js';
import { calibrateDiscriminator, decisionSurface, evaluateNetworks, evaluateToy, evaluateToyRejection, generatePoints, scatterGrid } from './evaluate.js';
import { createGenerator } from './generator.js';
import { instanceNoiseAt, trainStep } from './train-step.js';

/**
 * Toy 2-D GANs as core's training loop and the CLI drive them. Data kind `synthetic`: the step draws
 * its own real points, so `ganforge train toy --preset grid25` needs no --data. The sample grid is a
 * scatter plot (sampleGrid); there are no latent/generate hooks, since the output is points, not
 * images: `ganforge sample` does not apply, `ganforge evaluate` reports modes and high-quality share.
 */
export const toy: Architecture<ToyConfig> & { version: string } = {
  name: 'toy',
  version: packageJson.version,
  description: 'toy 2-D GANs (ring of 8, grid of 25 Gaussians) for mode-collapse studies: PacGAN MLPs, packing, mode metrics',
  data: 'synthetic',
  defaults,
  presets,
  fieldDocs,
  benchmarks,
  fitToData: (config) => validateConfig(config),
  build: (config, seed) => ({ generator: createGenerator(config, seed), discriminator: createDiscriminator(config, seed) }),
  trainStep,
  sampleGrid: (nets, _batch, config) => ({ images: scatterGrid(nets.generator, config), columns: 1 }),
  evaluate: (nets, _data, config) => evaluateNetworks(nets, config),
};

export {
  benchmarks,
  calibrateDiscriminator,
  createDiscriminator,
  createGenerator,
  decisionSurface,
  defaults,
  distribution,
  distributionNames,
  distributions,
  evaluateToy,
  evaluateToyRejection,
  fieldDocs,
  generatePoints,
  instanceNoiseAt,
  packPoints,
  presets,
  sampleDistribution,
  sampleMixture,
  scatterGrid,
  trainStep,
  validateConfig,
  type DistributionName,
  type ToyConfig,
  type ToyDiscriminatorActivation,
  type ToyInit,
  type ToyDistribution,
};
export { modeStatistics, type ModeOptions, type ModeSet, type ModeStatistics } from './metrics.js';
export { renderScatter, scatterColors, type Rgb, type ScatterLayer, type ScatterOptions } from './scatter.js';
export type { CalibrationOptions, DecisionSurface, EvaluateToyOptions, RejectionEvaluation, ToyEvaluation } from './evaluate.js';
