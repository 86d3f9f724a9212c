import * as tf from '@tensorflow/tfjs';
import { defineFamily } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { cli } from './cli.js';
import { benchmarks, fields, presets, validateConfig } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { createGenerator, generateImages } from './generator.js';
import { trainStep } from './train-step.js';
import { onnx, onnxConverters } from './onnx.js';
import { projection } from './projection.js';
import { exportSpec } from './export.js';
import { projector } from '@ganforge/core/project';

/** StyleGAN as core's training loop and the CLI drive it. */
export const stylegan = defineFamily({
  name: 'stylegan',
  packageJson,
  description: 'StyleGAN2-like (Karras et al. 2019/2020): mapping network, modulated convs, noise, skip toRGB, residual D, lazy R1, style mixing',
  data: 'images',
  fields,
  presets,
  benchmarks,
  check: validateConfig,
  networks: { generator: createGenerator, discriminator: createDiscriminator },
  trainStep,
  latent: 'normal',
  onnx,
  /** Images from z with the stored noise, truncated by config.truncationPsi, clipped to [-1, 1]. */
  generate: (generator, latent, config) => tf.tidy(() => tf.clipByValue(generateImages(generator, config, latent, { psi: config.truncationPsi }), -1, 1)),
  cli,
  projection,
  exportSpec,
});

export const { defaults, fieldDocs } = stylegan;
/** Projects images [N, S, S, C] in [-1, 1] into w or w+ (`options.space`) of a generator: see @ganforge/core/project. */
export const project = projector(projection);
export { benchmarks, createDiscriminator, createGenerator, fields, generateImages, presets, trainStep, validateConfig };
export { channelsAt, levels, numWs, resolutionOf, type StyleganConfig } from './config.js';
export { mapping, synthesisLayers, synthesize, truncation, type GenerateOptions, type NoiseSource } from './generator.js';
export {
  directionFromCodes,
  directionFromSeeds,
  editCode,
  imagesOfCode,
  imagesOfW,
  latentOfSeeds,
  parseLayerRange,
  seedCode,
  seedsByClass,
  styleMixGrid,
  wOfSeeds,
  wWalk,
  type StyleMixOptions,
} from './inference.js';
export { noiseInputs, projection, renderCode, wStatistics } from './projection.js';
export { ConstantInput } from './layers/constant-input.js';
export { ModulatedConv2D } from './layers/modulated-conv2d.js';
export { NoiseInjection } from './layers/noise-injection.js';
export { Truncation } from './layers/truncation.js';
export { styleganStreams } from './train-step.js';
export { onnxConverters };
