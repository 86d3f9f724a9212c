/**
 * pix2pix config (Isola, Zhu, Zhou & Efros 2017, "Image-to-Image Translation with Conditional
 * Adversarial Networks"), with the defaults of junyanz/pytorch-CycleGAN-and-pix2pix's pix2pix model.
 */
import { ConfigError, translationGanLosses, type BenchmarkConfig, type Preset, type TrainHyperparameters } from '@ganforge/core';

export interface Pix2pixConfig extends TrainHyperparameters {
  /** Height and width of both images of a pair. Default 256 (Isola et al.). */
  imageSize: number;
  /** Channels of the input and of the output image. Default 3. */
  channels: 1 | 3;
  /** Which half of a pair is the input: AtoB (default) or BtoA (facades labels -> photos is BtoA in junyanz's scripts). */
  direction: 'AtoB' | 'BtoA';
  /** U-Net width: channels of its first layer, doubled per level up to 8x. Default 64 (Isola et al.). */
  ngf: number;
  /** U-Net depth: stride-2 downsamplings; 0 = log2(imageSize), the 1x1 bottleneck of unet_256 (8 at 256). Default 0. */
  numDowns: number;
  /** Dropout rate in the decoder blocks between the bottleneck and the 16x16-channel-512 level ("noise" of the paper). Default 0.5 (Isola et al.). */
  dropout: number;
  /** PatchGAN width: channels of its first layer. Default 64 (Isola et al.). */
  ndf: number;
  /** PatchGAN stride-2 layers: 3 = 70x70 patches (default, Isola et al.), 1 = 16x16, 0 = 1x1 PixelGAN. */
  nLayersD: number;
  /** Weight λ of the L1 term in G's loss. Default 100 (Isola et al.). */
  lambdaL1: number;
  /** Random jitter: resize to round(imageSize·loadScale), then crop imageSize at a random place; 1 = off. Default 286/256 (Isola et al.). */
  loadScale: number;
  /** Random left-right mirroring of each pair in training. Default true (Isola et al.). */
  flip: boolean;
  /** Steps at the full learning rate before the linear decay starts. Default 0 (junyanz: n_epochs = 100 epochs). */
  lrConstantSteps: number;
  /** Steps of linear decay of both learning rates towards 0; 0 = constant rates. Default 0 (junyanz: n_epochs_decay = 100 epochs). */
  lrDecaySteps: number;
  /** Batch-norm running-statistics momentum, Keras convention. Default 0.9 (PyTorch's 0.1). */
  batchNormMomentum: number;
  /** Negative slope of the LeakyReLUs in the encoder and D. Default 0.2 (Isola et al.). */
  leakySlope: number;
  /** Standard deviation of the N(0, σ) weight init. Default 0.02 (Isola et al.). */
  initStd: number;
}

export const defaults: Pix2pixConfig = {
  imageSize: 256,
  channels: 3,
  direction: 'AtoB',
  ngf: 64,
  numDowns: 0,
  dropout: 0.5,
  ndf: 64,
  nLayersD: 3,
  lambdaL1: 100,
  loadScale: 286 / 256,
  flip: true,
  lrConstantSteps: 0,
  lrDecaySteps: 0,
  batchNormMomentum: 0.9,
  leakySlope: 0.2,
  initStd: 0.02,
  batchSize: 1,
  dSteps: 1,
  lrG: 2e-4,
  lrD: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
  ema: 0,
  loss: 'non-saturating',
  gpWeight: 10,
};

/** One line per field for `ganforge list` and the README's config table. */
export const fieldDocs: Record<keyof Pix2pixConfig, string> = {
  imageSize: 'height and width of both images of a pair (default 256, Isola et al.; set from --size)',
  channels: 'channels of input and output, 1 or 3 (default 3; set from the data)',
  direction: 'AtoB (default) or BtoA: which half of a pair is the input (--direction)',
  ngf: 'U-Net width, doubled per level up to 8x (default 64, Isola et al.)',
  numDowns: 'U-Net downsamplings; 0 = log2(imageSize), a 1x1 bottleneck: 8 at 256 as unet_256 (default 0)',
  dropout: 'dropout rate in the decoder blocks below the 1/16-size level, also the paper\'s noise (default 0.5, Isola et al.)',
  ndf: 'PatchGAN width (default 64, Isola et al.)',
  nLayersD: 'PatchGAN stride-2 layers: 3 = 70x70 patches, 1 = 16x16, 0 = 1x1 PixelGAN (default 3, Isola et al.)',
  lambdaL1: 'weight of the L1 term in G\'s loss (default 100, Isola et al.)',
  loadScale: 'random jitter: resize by this, crop back at a random place; 1 = off (default 286/256, Isola et al.)',
  flip: 'random left-right mirroring of pairs (default true, Isola et al.)',
  lrConstantSteps: 'steps at the full learning rate before the linear decay (default 0; junyanz: 100 epochs)',
  lrDecaySteps: 'steps of linear decay to 0; 0 = constant (default 0; junyanz: 100 epochs)',
  batchNormMomentum: 'batch-norm running-statistics momentum, Keras convention (default 0.9 = PyTorch 0.1)',
  leakySlope: 'LeakyReLU slope in the encoder and D (default 0.2, Isola et al.)',
  initStd: 'std of the N(0, σ) weight init (default 0.02, Isola et al.)',
  batchSize: 'pairs per batch (default 1, Isola et al.; 4 for edges2shoes)',
  dSteps: 'D updates per G update: 1 (pix2pix updates D once per step)',
  lrG: 'generator Adam learning rate (default 2e-4, Isola et al.)',
  lrD: 'discriminator Adam learning rate (default 2e-4, Isola et al.)',
  beta1: 'Adam β1 (default 0.5, Isola et al.)',
  beta2: 'Adam β2 (default 0.999)',
  ema: 'decay of the generator weight EMA, 0 = off (default 0)',
  loss: 'non-saturating (vanilla BCE, default, Isola et al.) or least-squares (lsgan)',
  gpWeight: 'unused by pix2pix (no gradient penalty)',
};

export const presets: Record<string, Preset<Pix2pixConfig>> = {
  facades: {
    description: 'CMP Facades labels -> photos (Isola et al.): 256x256, batch 1, BtoA; 400 pairs: 100 epochs + 100 of decay = 40,000 + 40,000 steps',
    config: { imageSize: 256, direction: 'BtoA', batchSize: 1, lrConstantSteps: 40_000, lrDecaySteps: 40_000 },
  },
  edges2shapes: {
    description: 'built-in procedural pairs (coloured outlines -> filled shapes), 32x32: U-Net ngf 16 with 4 downs, 16x16 PatchGAN (ndf 16), batch 8, lr 1e-3 (5x the paper\'s, for a run of minutes), 350 + 350 steps of decay',
    data: 'edges2shapes',
    config: { imageSize: 32, ngf: 16, numDowns: 4, ndf: 16, nLayersD: 1, batchSize: 8, lrG: 1e-3, lrD: 1e-3, lrConstantSteps: 350, lrDecaySteps: 350 },
  },
};

/** The standard benchmark configs (shared/bench/CONFIGS.md) this network builds exactly; no jitter, as the reference. */
export const benchmarks: Record<string, BenchmarkConfig<Pix2pixConfig>> = {
  'pix2pix-256': {
    description: 'U-Net 256 (8 downs, ngf 64, BatchNorm, dropout) + 70x70 PatchGAN, BCE + 100 L1, batch 1',
    config: { imageSize: 256, channels: 3, ngf: 64, ndf: 64, numDowns: 0, nLayersD: 3, loadScale: 1, flip: false, batchSize: 1 },
    image: { size: 256, channels: 3 },
    reference: ['pix2pix.py', '256', '1'],
  },
  'pix2pix-64': {
    description: 'U-Net 64 (6 downs, ngf 64) + 70x70 PatchGAN, BCE + 100 L1, batch 8',
    config: { imageSize: 64, channels: 3, ngf: 64, ndf: 64, numDowns: 0, nLayersD: 3, loadScale: 1, flip: false, batchSize: 8 },
    image: { size: 64, channels: 3 },
    reference: ['pix2pix.py', '64', '8'],
  },
};

/** U-Net downsamplings for a config: numDowns, or log2(imageSize) when it is 0. */
export function unetDowns(config: Pick<Pix2pixConfig, 'imageSize' | 'numDowns'>): number {
  const { imageSize, numDowns } = config;
  const downs = numDowns > 0 ? numDowns : Math.log2(imageSize);
  if (!Number.isInteger(downs) || downs < 1) {
    throw new ConfigError(`image size ${imageSize} is not a power of two; use e.g. 64, 128 or 256, or set numDowns so that ${imageSize} is divisible by 2^numDowns`);
  }
  if (imageSize % 2 ** downs !== 0) {
    throw new ConfigError(`image size ${imageSize} is not divisible by 2^${downs} (numDowns ${downs}); use a size that is, or fewer downs`);
  }
  return downs;
}

/** Throws a ConfigError for settings pix2pix cannot train with. */
export function checkConfig(config: Pix2pixConfig): void {
  unetDowns(config);
  const patch = 2 ** config.nLayersD;
  if (!Number.isInteger(config.nLayersD) || config.nLayersD < 0 || config.imageSize % patch !== 0) {
    throw new ConfigError(`nLayersD ${config.nLayersD} needs an image size divisible by ${patch}; got ${config.imageSize}`);
  }
  if (!(translationGanLosses as readonly string[]).includes(config.loss)) {
    throw new ConfigError(`pix2pix trains with --loss ${translationGanLosses.join(' or ')}, not ${config.loss}`);
  }
  if (config.dSteps !== 1) throw new ConfigError(`pix2pix updates D once per step; --d-steps must be 1, got ${config.dSteps}`);
  if (!(config.loadScale >= 1)) throw new ConfigError(`loadScale must be 1 or more (1 = no jitter), got ${config.loadScale}`);
  if (!(config.dropout >= 0 && config.dropout < 1)) throw new ConfigError(`dropout must be in [0, 1), got ${config.dropout}`);
  if (config.direction !== 'AtoB' && config.direction !== 'BtoA') throw new ConfigError(`direction must be AtoB or BtoA, got ${String(config.direction)}`);
}
