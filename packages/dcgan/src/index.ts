import type * as tf from '@tensorflow/tfjs';
import { fitSquareImages, normalLatent, type NoiseArchitecture } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, defaults, fieldDocs, presets, resolutionPlan, type DcganConfig } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { createGenerator } from './generator.js';
import { trainStep } from './train-step.js';

/** DCGAN as core's training loop and the CLI drive it. */
export const dcgan: NoiseArchitecture<DcganConfig> & { version: string } = {
  name: 'dcgan',
  version: packageJson.version,
  description: 'DCGAN (Radford et al. 2016): unconditional images from noise',
  data: 'images',
  defaults,
  presets,
  fieldDocs,
  benchmarks,
  fitToData: (config, shape) => {
    const fitted = fitSquareImages('DCGAN', config, shape);
    resolutionPlan(fitted.imageSize, fitted.topology);
    return fitted;
  },
  build: (config, seed) => ({ generator: createGenerator(config, seed), discriminator: createDiscriminator(config, seed) }),
  trainStep,
  latent: normalLatent,
  generate: (generator, latent) => generator.predict(latent) as tf.Tensor4D,
};

export { benchmarks, createDiscriminator, createGenerator, defaults, fieldDocs, presets, resolutionPlan, trainStep, type DcganConfig };
export type { DcganTopology } from './config.js';
export type { ResolutionPlan } from '@ganforge/core';
