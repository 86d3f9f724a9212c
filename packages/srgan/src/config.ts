/**
 * SRGAN config (Ledig et al. 2017, "Photo-Realistic Single Image Super-Resolution Using a
 * Generative Adversarial Network"): SRResNet generator, VGG-style discriminator, MSE pre-training,
 * then content loss + 1e-3 adversarial loss.
 */
import { choice, ConfigError, field, formatShape, imageShapeFields, imageShapeOf, trainingFields, type BenchmarkConfig, type ConfigOf, type Preset } from '@ganforge/core';
import { augmentFields } from '@ganforge/core/augment';
import { adversarialLossNames } from '@ganforge/core/losses';

/** Srgan's config, one field a line: default, meaning and source. */
export const fields = {
  scale: field(4, 'upscaling factor, a power of two', 'Ledig et al.'),
  imageSize: field(128, 'side of the HR images as loaded (--size); the training crops are square whatever their shape', 'ours'),
  ...imageShapeFields,
  channels: choice([1, 3] as const, 3, 'image channels, 1 or 3'),
  cropSize: field(96, 'side of each random HR training crop; LR is cropSize/scale; a multiple of 16', 'Ledig et al.'),
  flipRotate: field(false, 'random flips and 90° rotations of each crop, the 8 symmetries of the square', 'Lim et al. 2017'),
  ngf: field(64, 'generator channels', 'Ledig et al.'),
  residualBlocks: field(16, 'generator residual blocks', 'Ledig et al.'),
  bicubicSkip: field(false, 'add bicubic upscaling of the input to the output: learn the residual', 'VDSR, Kim et al. 2016; not in Ledig et al.'),
  ndf: field(64, 'discriminator channels of the first conv, doubled every other conv to 8x', 'Ledig et al.'),
  denseUnits: field(1024, 'discriminator hidden dense units', 'Ledig et al.'),
  batchNormMomentum: field(0.9, 'batch-norm running-statistics momentum, Keras convention'),
  leakySlope: field(0.2, 'LeakyReLU slope in D', 'Ledig et al.'),
  pretrainSteps: field(1000, 'MSE-only SRResNet iterations before the adversarial stage (--pretrain-steps)', 'Ledig et al. 10^6'),
  adversarialWeight: field(1e-3, 'weight of the adversarial term after pre-training', 'Ledig et al.'),
  pretrainLrDropStep: field(0, 'from this step of MSE pre-training on both rates are a tenth; the adversarial stage starts again at the full rates; 0 = never'),
  lrDropStep: field(0, 'from this step of the adversarial stage on (past pretrainSteps) both rates are a tenth; 0 = never'),
  perceptualWeights: field('', "content network: '' built-in pixel loss, a tfjs LayersModel folder/URL (VGG19), or 'random' (bench timing) (--perceptual-weights)"),
  perceptualLayer: field('block5_conv4', 'layer of the content network compared', 'Ledig et al.'),
  contentScale: field(1 / 12.75, 'factor on the perceptual features before the MSE', 'Ledig et al.'),
  gradientWeight: field(0.1, 'built-in content loss: L1 of image-gradient differences added to pixel MSE', 'ours'),
  ...trainingFields({ batchSize: 16, lrG: 1e-4, lrD: 1e-4, beta1: 0.9, beta2: 0.999, ema: 0 }, {
    batchSize: { meaning: 'crops per batch', source: 'Ledig et al.' },
    lrG: 'Ledig et al.',
    lrD: 'Ledig et al.',
    beta1: 'Ledig et al.',
  }),
  dSteps: field(1, 'D updates per G update'),
  loss: choice(adversarialLossNames, 'non-saturating', 'adversarial objective', 'Ledig et al.'),
  ...augmentFields,
};

/** Srgan's config (the fields above). */
export type SrganConfig = ConfigOf<typeof fields>;

export const presets: Record<string, Preset<SrganConfig>> = {
  paper: {
    description: "Ledig et al.'s x4 SRGAN: 16 residual blocks of 64 channels, 96px HR crops, batch 16; pass --data with DIV2K or your photos",
    config: {},
    gpu: { wasmStepSeconds: 59.5, measured: '`ganforge bench --preset srgan:paper --backend wasm --steps 1 --warmup 1`, batch 16 (an MSE pre-training step; the adversarial steps after 1000 cost more): 59.5 s, 2-core AMD EPYC VM, wasm on 2 threads, 2026-12-04, measured under load (load average 14-23 from other jobs)' },
  },
  small: {
    description: 'a narrow x4 SRGAN for CPU/wasm runs: 6 blocks of 32 channels + bicubic skip, flips and rotations, 32px HR crops, 3000 MSE steps at lr 1e-3 then 1e-4 from step 2000, then lrG 1e-3, lrD 1e-4, adversarial weight 1e-2; D width 16; on the shipped images (--data packages/srgan/images/train)',
    config: {
      ngf: 32,
      residualBlocks: 6,
      bicubicSkip: true,
      flipRotate: true,
      ndf: 16,
      denseUnits: 128,
      cropSize: 32,
      imageSize: 128,
      batchSize: 16,
      lrG: 1e-3,
      lrD: 1e-4,
      pretrainLrDropStep: 2000,
      pretrainSteps: 3000,
      adversarialWeight: 1e-2,
    },
  },
};

/** The standard benchmark configs (shared/bench/CONFIGS.md) this network builds exactly. */
export const benchmarks: Record<string, BenchmarkConfig<SrganConfig>> = {
  'srgan-x4': {
    description: 'SRResNet (16 blocks, 64 ch, 2x pixel shuffle x2), LR 24 -> HR 96, paper D, VGG19 relu5_4 (random init) content + 1e-3 adversarial, batch 16',
    config: { imageSize: 96, cropSize: 96, channels: 3, pretrainSteps: 0, perceptualWeights: 'random', batchSize: 16 },
    image: { size: 96, channels: 3 },
    reference: ['srgan.py'],
  },
};

/** The factor on lrG and lrD at `step`: a tenth from pretrainLrDropStep until pre-training ends, and from lrDropStep on. */
export function learningRateFactor(config: SrganConfig, step: number): number {
  const drop = step < config.pretrainSteps ? config.pretrainLrDropStep : config.lrDropStep;
  return drop > 0 && step >= drop ? 0.1 : 1;
}

/** x2 pixel-shuffle stages for `scale`; throws unless scale is 2, 4, 8 or 16. */
export function upsampleStages(scale: number): number {
  const stages = Math.log2(scale);
  if (!Number.isInteger(stages) || stages < 1 || stages > 4) {
    throw new ConfigError(`scale ${scale} is not supported: SRResNet upsamples in x2 pixel-shuffle stages, so use 2, 4, 8 or 16`);
  }
  return stages;
}

/** Checks the sizes fit together; returns the config. */
export function checkConfig(config: SrganConfig): SrganConfig {
  upsampleStages(config.scale);
  const { cropSize, scale } = config;
  const shape = imageShapeOf(config);
  if (!Number.isInteger(cropSize) || cropSize % 16 !== 0 || cropSize % scale !== 0) {
    throw new ConfigError(`crop size ${cropSize} must be a multiple of 16 (the discriminator halves it four times) and of the scale ${scale}; use e.g. 48 or 96`);
  }
  if (cropSize > Math.min(shape.height, shape.width)) {
    throw new ConfigError(`crop size ${cropSize} does not fit in the ${formatShape(shape)} px training images; load them larger (--size) or lower cropSize`);
  }
  for (const field of ['pretrainLrDropStep', 'lrDropStep'] as const) {
    if (!Number.isInteger(config[field]) || config[field] < 0) throw new ConfigError(`${field} must be 0 (never) or a step number, got ${config[field]}`);
  }
  if (!(config.residualBlocks >= 1) || !(config.ngf >= 1) || !(config.ndf >= 1)) {
    throw new ConfigError('residualBlocks, ngf and ndf must be 1 or more');
  }
  return config;
}
