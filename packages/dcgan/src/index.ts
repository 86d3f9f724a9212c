import * as tf from '@tensorflow/tfjs';
import { ConfigError, type NoiseArchitecture, tfSeed } from '@ganforge/core';
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
    if (shape.height !== shape.width) throw new ConfigError(`DCGAN needs square images, got ${shape.height}x${shape.width}`);
    const fitted = { ...config, imageSize: shape.height, channels: shape.channels };
    resolutionPlan(fitted.imageSize, fitted.topology);
    return fitted;
  },
  build: (config, seed) => ({ generator: createGenerator(config, seed), discriminator: createDiscriminator(config, seed) }),
  trainStep,
  latent: (config, count, seed) => tf.randomNormal([count, config.latentDim], 0, 1, 'float32', tfSeed(seed)),
  generate: (generator, latent) => generator.predict(latent) as tf.Tensor4D,
};

export { benchmarks, createDiscriminator, createGenerator, defaults, fieldDocs, presets, resolutionPlan, trainStep, type DcganConfig };
export type { DcganTopology, ResolutionPlan } from './config.js';
