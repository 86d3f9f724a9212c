import * as tf from '@tensorflow/tfjs';
import { fitSquareImages, normalLatent, type NoiseArchitecture } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, channelsAt, defaults, fieldDocs, levels, numWs, presets, resolutionOf, validateConfig, type StyleganConfig } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { createGenerator, generateImages, mapping, synthesisLayers, synthesize, truncation, type GenerateOptions, type NoiseSource } from './generator.js';
import { ModulatedConv2D } from './modulated-conv2d.js';
import { NoiseInjection } from './noise-injection.js';
import { ConstantInput, Truncation } from './synthesis-layers.js';
import { onnx, onnxConverters } from './onnx.js';
import { styleganStreams, trainStep } from './train-step.js';

/** StyleGAN as core's training loop and the CLI drive it. */
export const stylegan: NoiseArchitecture<StyleganConfig> & { version: string } = {
  name: 'stylegan',
  version: packageJson.version,
  description: 'StyleGAN2-like (Karras et al. 2019/2020): mapping network, modulated convs, noise, skip toRGB, residual D, lazy R1, style mixing',
  data: 'images',
  defaults,
  presets,
  fieldDocs,
  benchmarks,
  fitToData: (config, shape) => {
    const fitted = fitSquareImages('StyleGAN', config, shape);
    validateConfig(fitted);
    return fitted;
  },
  build: (config, seed) => ({ generator: createGenerator(config, seed), discriminator: createDiscriminator(config, seed) }),
  trainStep,
  latent: normalLatent,
  onnx,
  /** Images from z with the stored noise, truncated by config.truncationPsi, clipped to [-1, 1]. */
  generate: (generator, latent, config) => tf.tidy(() => tf.clipByValue(generateImages(generator, config, latent, { psi: config.truncationPsi }), -1, 1)),
};

export * from './inference.js';
export {
  benchmarks,
  channelsAt,
  ConstantInput,
  createDiscriminator,
  createGenerator,
  defaults,
  fieldDocs,
  generateImages,
  levels,
  onnxConverters,
  mapping,
  ModulatedConv2D,
  NoiseInjection,
  numWs,
  presets,
  resolutionOf,
  styleganStreams,
  synthesisLayers,
  synthesize,
  trainStep,
  Truncation,
  truncation,
  validateConfig,
  type GenerateOptions,
  type NoiseSource,
  type StyleganConfig,
};
