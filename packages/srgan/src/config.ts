/**
 * SRGAN config (Ledig et al. 2017, "Photo-Realistic Single Image Super-Resolution Using a
 * Generative Adversarial Network"): SRResNet generator, VGG-style discriminator, MSE pre-training,
 * then content loss + 1e-3 adversarial loss.
 */
import { ConfigError, type BenchmarkConfig, type Preset, type TrainHyperparameters } from '@ganforge/core';

export interface SrganConfig extends TrainHyperparameters {
  /** Upscaling factor, a power of two made of x2 pixel-shuffle stages. Default 4 (Ledig et al.). */
  scale: number;
  /** Side of the square high-resolution images the data is loaded at (CLI --size). Default 128 (ours; fits the shipped images). */
  imageSize: number;
  /** Image channels: 1 (gray) or 3 (RGB). Default 3. */
  channels: 1 | 3;
  /** Side of the random high-resolution crop of each training example; LR inputs are cropSize / scale. Default 96 (Ledig et al.). */
  cropSize: number;
  /** Flip and rotate each crop by one of the square's 8 symmetries at random (EDSR, Lim et al. 2017; not in Ledig et al.). Default false. */
  flipRotate: boolean;
  /** Generator width: channels of every residual block. Default 64 (Ledig et al.). */
  ngf: number;
  /** Residual blocks in the generator. Default 16 (Ledig et al.). */
  residualBlocks: number;
  /**
   * Add bicubic upscaling of the input to the generator's output, so it learns only the residual
   * (VDSR's global residual, Kim et al. 2016; not in Ledig et al.), with the output conv starting
   * at zero (the untrained generator is bicubic). Default false.
   */
  bicubicSkip: boolean;
  /** Discriminator width: channels of its first conv, doubled every other conv up to 8x. Default 64 (Ledig et al.). */
  ndf: number;
  /** Units of the discriminator's hidden dense layer. Default 1024 (Ledig et al.). */
  denseUnits: number;
  /** Batch-norm momentum of the running statistics, Keras' convention. Default 0.9 (PyTorch's 0.1). */
  batchNormMomentum: number;
  /** Negative slope of the discriminator's LeakyReLU. Default 0.2 (Ledig et al.). */
  leakySlope: number;
  /** Iterations of MSE-only SRResNet training before the adversarial stage starts. Default 1000 (Ledig et al.: 10^6, then 2·10^5 SRGAN). */
  pretrainSteps: number;
  /** Weight of the adversarial term in the generator loss after pre-training. Default 1e-3 (Ledig et al.). */
  adversarialWeight: number;
  /**
   * From this step of MSE pre-training on, the rates are a tenth of lrG and lrD; the adversarial
   * stage starts again at the full rates, as Ledig et al. start SRGAN at 10^-4 whatever SRResNet's
   * schedule was. 0 = never (so is a step at or past pretrainSteps). Default 0 (Ledig et al. train
   * SRResNet at a constant 10^-4).
   */
  pretrainLrDropStep: number;
  /**
   * From this step of the adversarial stage on (counted from 0 like --steps, so past
   * pretrainSteps; an earlier one acts from pretrainSteps on), both rates are a tenth (Ledig et al.
   * drop 10^-4 to 10^-5 halfway through SRGAN training); 0 = never. Default 0.
   */
  lrDropStep: number;
  /**
   * Content-loss network: '' uses the built-in pixel content loss (no weights needed); a folder or
   * URL of a tfjs LayersModel (e.g. VGG19 converted from Keras) uses its features at perceptualLayer;
   * 'random' uses a randomly initialised VGG19 (only to time the bench like the PyTorch reference). Default ''.
   */
  perceptualWeights: string;
  /** Layer of the perceptual network whose output is compared. Default 'block5_conv4' (VGG19 relu5_4, Ledig et al.'s VGG54). */
  perceptualLayer: string;
  /** Factor on the perceptual features before the MSE. Default 1/12.75 (Ledig et al.). */
  contentScale: number;
  /** Built-in content loss: weight of the L1 distance between image gradients added to pixel MSE. Default 0.1 (ours). */
  gradientWeight: number;
}

export const defaults: SrganConfig = {
  scale: 4,
  imageSize: 128,
  channels: 3,
  cropSize: 96,
  flipRotate: false,
  ngf: 64,
  residualBlocks: 16,
  bicubicSkip: false,
  ndf: 64,
  denseUnits: 1024,
  batchNormMomentum: 0.9,
  leakySlope: 0.2,
  pretrainSteps: 1000,
  adversarialWeight: 1e-3,
  pretrainLrDropStep: 0,
  lrDropStep: 0,
  perceptualWeights: '',
  perceptualLayer: 'block5_conv4',
  contentScale: 1 / 12.75,
  gradientWeight: 0.1,
  batchSize: 16,
  dSteps: 1,
  lrG: 1e-4,
  lrD: 1e-4,
  beta1: 0.9,
  beta2: 0.999,
  ema: 0,
  loss: 'non-saturating',
  gpWeight: 10,
};

/** One line per field for `--help` and the README's config table. */
export const fieldDocs: Record<keyof SrganConfig, string> = {
  scale: 'upscaling factor, a power of two (default 4, Ledig et al.)',
  imageSize: 'side of the square HR images as loaded (--size; default 128, ours)',
  channels: 'image channels, 1 or 3 (default 3; set from the data)',
  cropSize: 'side of each random HR training crop; LR is cropSize/scale; a multiple of 16 (default 96, Ledig et al.)',
  flipRotate: 'random flips and 90° rotations of each crop, the 8 symmetries of the square (default false; EDSR, Lim et al. 2017)',
  ngf: 'generator channels (default 64, Ledig et al.)',
  residualBlocks: 'generator residual blocks (default 16, Ledig et al.)',
  bicubicSkip: 'add bicubic upscaling of the input to the output: learn the residual (VDSR, Kim et al. 2016; not in Ledig et al.; default false)',
  ndf: 'discriminator channels of the first conv, doubled every other conv to 8x (default 64, Ledig et al.)',
  denseUnits: 'discriminator hidden dense units (default 1024, Ledig et al.)',
  batchNormMomentum: 'batch-norm running-statistics momentum, Keras convention (default 0.9 = PyTorch 0.1)',
  leakySlope: 'LeakyReLU slope in D (default 0.2, Ledig et al.)',
  pretrainSteps: 'MSE-only SRResNet iterations before the adversarial stage (--pretrain-steps; default 1000; Ledig et al. 10^6)',
  adversarialWeight: 'weight of the adversarial term after pre-training (default 1e-3, Ledig et al.)',
  pretrainLrDropStep: 'from this step of MSE pre-training on both rates are a tenth; the adversarial stage starts again at the full rates; 0 = never (default 0; Ledig et al. keep SRResNet at 10^-4)',
  lrDropStep: 'from this step of the adversarial stage on (past pretrainSteps) both rates are a tenth; 0 = never (default 0; Ledig et al. drop 10^-4 to 10^-5 halfway through SRGAN training)',
  perceptualWeights: "content network: '' built-in pixel loss, a tfjs LayersModel folder/URL (VGG19), or 'random' (bench timing) (--perceptual-weights; default '')",
  perceptualLayer: "layer of the content network compared (default 'block5_conv4' = VGG19 relu5_4, Ledig et al.)",
  contentScale: 'factor on the perceptual features before the MSE (default 1/12.75, Ledig et al.)',
  gradientWeight: 'built-in content loss: L1 of image-gradient differences added to pixel MSE (default 0.1, ours)',
  batchSize: 'crops per batch (default 16, Ledig et al.)',
  dSteps: 'D updates per G update (default 1)',
  lrG: 'generator Adam learning rate (default 1e-4, Ledig et al.)',
  lrD: 'discriminator Adam learning rate (default 1e-4, Ledig et al.)',
  beta1: 'Adam β1 (default 0.9, Ledig et al.)',
  beta2: 'Adam β2 (default 0.999)',
  ema: 'decay of the generator weight EMA, 0 = off (default 0)',
  loss: 'adversarial objective (default non-saturating: BCE, Ledig et al.)',
  gpWeight: 'gradient-penalty weight for wasserstein (default 10, Gulrajani et al.)',
};

export const presets: Record<string, Preset<SrganConfig>> = {
  paper: {
    description: "Ledig et al.'s x4 SRGAN: 16 residual blocks of 64 channels, 96px HR crops, batch 16; pass --data with DIV2K or your photos",
    config: {},
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
  const { cropSize, imageSize, scale } = config;
  if (!Number.isInteger(cropSize) || cropSize % 16 !== 0 || cropSize % scale !== 0) {
    throw new ConfigError(`crop size ${cropSize} must be a multiple of 16 (the discriminator halves it four times) and of the scale ${scale}; use e.g. 48 or 96`);
  }
  if (cropSize > imageSize) {
    throw new ConfigError(`crop size ${cropSize} is larger than the ${imageSize}px training images; load them larger (--size) or lower cropSize`);
  }
  for (const field of ['pretrainLrDropStep', 'lrDropStep'] as const) {
    if (!Number.isInteger(config[field]) || config[field] < 0) throw new ConfigError(`${field} must be 0 (never) or a step number, got ${config[field]}`);
  }
  if (!(config.residualBlocks >= 1) || !(config.ngf >= 1) || !(config.ndf >= 1)) {
    throw new ConfigError('residualBlocks, ngf and ndf must be 1 or more');
  }
  return config;
}
