import { defineFamily, fitImages } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, checkConfig, fields, presets } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { evaluate, sampleGrid } from './evaluate.js';
import { createGenerator } from './generator.js';
import { trainStep } from './train-step.js';
import { upscaleImage } from './upscale.js';

/** SRGAN as core's training loop and the CLI drive it. */
export const srgan = defineFamily({
  name: 'srgan',
  packageJson,
  description: 'SRGAN (Ledig et al. 2017): x4 super-resolution, SRResNet + perceptual/adversarial loss',
  data: 'superres',
  fields,
  presets,
  benchmarks,
  // High-resolution images of any shape (imageHeight x imageWidth): random square crops of cropSize are cut from them.
  fitToData: (config, shape) => checkConfig(fitImages(config, shape)),
  networks: { generator: createGenerator, discriminator: createDiscriminator },
  trainStep,
  sampleGrid,
  evaluate,
  upscale: upscaleImage,
  cli: {
    trainFlags: {
      pretrainSteps: 'MSE-only iterations before the adversarial stage',
      perceptualWeights: 'tfjs LayersModel folder (VGG19 converted once from Keras) for the content loss (default: built-in pixel loss)',
    },
  },
});

export const { defaults, fieldDocs } = srgan;
export { benchmarks, checkConfig, createDiscriminator, createGenerator, evaluate, fields, presets, sampleGrid, trainStep, upscaleImage };
export { upsampleStages, type SrganConfig } from './config.js';
export { contentLoss, contentNetwork, createVgg19Features, disposeContentNetworks, gradientL1, type ContentNetwork } from './content.js';
export { vggPreprocess } from '@ganforge/core/losses';
export { bicubicUpscale, dihedralTransforms, lowResolution, quantize, randomCrops } from './data.js';
export { receptiveRadius } from './generator.js';
export { defaultTileSize, toChannels } from './upscale.js';
