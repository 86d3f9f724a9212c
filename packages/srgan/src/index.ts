import { type Architecture } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, checkConfig, defaults, fieldDocs, presets, upsampleStages, type SrganConfig } from './config.js';
import { contentLoss, contentNetwork, createVgg19Features, disposeContentNetworks, gradientL1, vggPreprocess, type ContentNetwork } from './content.js';
import { bicubicUpscale, dihedralTransforms, lowResolution, quantize, randomCrops } from './data.js';
import { createDiscriminator } from './discriminator.js';
import { evaluate, sampleGrid } from './evaluate.js';
import { createGenerator, receptiveRadius } from './generator.js';
import { trainStep } from './train-step.js';
import { defaultTileSize, toChannels, upscaleImage } from './upscale.js';

/** SRGAN as core's training loop and the CLI drive it. */
export const srgan: Architecture<SrganConfig> & { version: string } = {
  name: 'srgan',
  version: packageJson.version,
  description: 'SRGAN (Ledig et al. 2017): x4 super-resolution, SRResNet + perceptual/adversarial loss',
  data: 'superres',
  defaults,
  presets,
  fieldDocs,
  benchmarks,
  fitToData: (config, shape) => checkConfig({ ...config, imageSize: Math.min(shape.height, shape.width), channels: shape.channels }),
  build: (config, seed) => ({ generator: createGenerator(config, seed), discriminator: createDiscriminator(config, seed) }),
  trainStep,
  sampleGrid,
  evaluate,
  upscale: upscaleImage,
};

export {
  benchmarks,
  bicubicUpscale,
  checkConfig,
  contentLoss,
  contentNetwork,
  createDiscriminator,
  createGenerator,
  createVgg19Features,
  defaults,
  defaultTileSize,
  disposeContentNetworks,
  evaluate,
  fieldDocs,
  gradientL1,
  lowResolution,
  presets,
  quantize,
  randomCrops,
  dihedralTransforms,
  receptiveRadius,
  sampleGrid,
  toChannels,
  trainStep,
  upsampleStages,
  upscaleImage,
  vggPreprocess,
  type ContentNetwork,
  type SrganConfig,
};
