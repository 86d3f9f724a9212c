/**
 * CycleGAN config (Zhu, Park, Isola & Efros 2017, "Unpaired Image-to-Image Translation using
 * Cycle-Consistent Adversarial Networks"), with the defaults of junyanz/pytorch-CycleGAN-and-pix2pix's
 * cycle_gan model.
 */
import { ConfigError, translationGanLosses, type BenchmarkConfig, type Preset, type TrainHyperparameters } from '@ganforge/core';

export interface CycleganConfig extends TrainHyperparameters {
  /** Height and width of the images of both domains. Default 256 (Zhu et al.). */
  imageSize: number;
  /** Channels of both domains (the identity loss needs them equal). Default 3. */
  channels: 1 | 3;
  /** Which domain `generator` translates from: AtoB (default: trainA/ -> trainB/) or BtoA. */
  direction: 'AtoB' | 'BtoA';
  /** Generator width: channels of its first convolution, doubled by each of its 2 downsamplings. Default 64 (Zhu et al.). */
  ngf: number;
  /** Residual blocks per generator; 0 = 6 below 256 pixels, 9 from 256 (Zhu et al.). Default 0. */
  nBlocks: number;
  /** PatchGAN width. Default 64 (Zhu et al.). */
  ndf: number;
  /** PatchGAN stride-2 layers: 3 = 70x70 patches (default, Zhu et al.), 1 = 16x16, 0 = 1x1 PixelGAN. */
  nLayersD: number;
  /** Weight λ of both cycle-consistency terms ‖F(G(A)) - A‖₁ and ‖G(F(B)) - B‖₁. Default 10 (Zhu et al.). */
  lambdaCycle: number;
  /** Weight of the identity terms ‖G(B) - B‖₁, ‖F(A) - A‖₁ relative to lambdaCycle; 0 = off. Default 0.5 (Zhu et al.). */
  lambdaIdentity: number;
  /** Generated images each discriminator's history pool keeps (Shrivastava et al. 2017); 0 = D sees only the current fakes. Default 50 (Zhu et al.). */
  poolSize: number;
  /** Random jitter: resize to round(imageSize·loadScale), then crop imageSize at a random place; 1 = off. Default 286/256 (Zhu et al.). */
  loadScale: number;
  /** Random left-right mirroring in training. Default true (Zhu et al.). */
  flip: boolean;
  /** Steps at the full learning rate before the linear decay starts. Default 0 (junyanz: n_epochs = 100 epochs). */
  lrConstantSteps: number;
  /** Steps of linear decay of both learning rates towards 0; 0 = constant rates. Default 0 (junyanz: n_epochs_decay = 100 epochs). */
  lrDecaySteps: number;
  /** Negative slope of D's LeakyReLUs. Default 0.2 (Zhu et al.). */
  leakySlope: number;
  /** Standard deviation of the N(0, σ) weight init. Default 0.02 (Zhu et al.). */
  initStd: number;
}

export const defaults: CycleganConfig = {
  imageSize: 256,
  channels: 3,
  direction: 'AtoB',
  ngf: 64,
  nBlocks: 0,
  ndf: 64,
  nLayersD: 3,
  lambdaCycle: 10,
  lambdaIdentity: 0.5,
  poolSize: 50,
  loadScale: 286 / 256,
  flip: true,
  lrConstantSteps: 0,
  lrDecaySteps: 0,
  leakySlope: 0.2,
  initStd: 0.02,
  batchSize: 1,
  dSteps: 1,
  lrG: 2e-4,
  lrD: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
  ema: 0,
  loss: 'least-squares',
  gpWeight: 10,
};

/** One line per field for `ganforge list` and the README's config table. */
export const fieldDocs: Record<keyof CycleganConfig, string> = {
  imageSize: 'height and width of both domains\' images (default 256, Zhu et al.; set from --size)',
  channels: 'channels of both domains, 1 or 3 (default 3; set from the data)',
  direction: 'AtoB (default) or BtoA: which domain `generator` translates from (--direction)',
  ngf: 'generator width, doubled by each of its 2 downsamplings (default 64, Zhu et al.)',
  nBlocks: 'residual blocks per generator; 0 = 6 below 256 px, 9 from 256 (default 0, Zhu et al.)',
  ndf: 'PatchGAN width (default 64, Zhu et al.)',
  nLayersD: 'PatchGAN stride-2 layers: 3 = 70x70 patches, 1 = 16x16, 0 = 1x1 (default 3, Zhu et al.)',
  lambdaCycle: 'weight of the cycle-consistency L1 terms (default 10, Zhu et al.)',
  lambdaIdentity: 'weight of the identity L1 terms relative to lambdaCycle, 0 = off (default 0.5, Zhu et al.)',
  poolSize: 'generated images in each D\'s history pool, 0 = off (default 50, Zhu et al. after Shrivastava et al.)',
  loadScale: 'random jitter: resize by this, crop back at a random place; 1 = off (default 286/256, Zhu et al.)',
  flip: 'random left-right mirroring (default true, Zhu et al.)',
  lrConstantSteps: 'steps at the full learning rate before the linear decay (default 0; junyanz: 100 epochs)',
  lrDecaySteps: 'steps of linear decay to 0; 0 = constant (default 0; junyanz: 100 epochs)',
  leakySlope: 'LeakyReLU slope in D (default 0.2, Zhu et al.)',
  initStd: 'std of the N(0, σ) weight init (default 0.02, Zhu et al.)',
  batchSize: 'images of each domain per batch (default 1, Zhu et al.)',
  dSteps: 'D updates per G update: 1 (CycleGAN updates the two Ds once per step)',
  lrG: 'Adam learning rate of both generators (default 2e-4, Zhu et al.)',
  lrD: 'Adam learning rate of both discriminators (default 2e-4, Zhu et al.)',
  beta1: 'Adam β1 (default 0.5, Zhu et al.)',
  beta2: 'Adam β2 (default 0.999)',
  ema: 'decay of a weight EMA of `generator` (A -> B) only, 0 = off (default 0)',
  loss: 'least-squares (LSGAN, default, Zhu et al.) or non-saturating (vanilla BCE)',
  gpWeight: 'unused by CycleGAN (no gradient penalty)',
};

export const presets: Record<string, Preset<CycleganConfig>> = {
  horse2zebra: {
    description: 'horse2zebra from its folder (--data): 256x256, 9 blocks, batch 1; 1,334 steps an epoch: 100 epochs + 100 of decay = 133,400 + 133,400 steps',
    config: { imageSize: 256, batchSize: 1, lrConstantSteps: 133_400, lrDecaySteps: 133_400 },
  },
  day2night: {
    description: 'built-in procedural day <-> night landscapes, 32x32: narrow generators (ngf 8, 3 blocks), 16x16 PatchGANs (ndf 16), batch 1, no jitter, lr 1e-3 (5x the paper\'s), 3000 + 3000 steps of decay',
    data: 'day2night',
    config: { imageSize: 32, ngf: 8, nBlocks: 3, ndf: 16, nLayersD: 1, batchSize: 1, loadScale: 1, lrG: 1e-3, lrD: 1e-3, lrConstantSteps: 3000, lrDecaySteps: 3000 },
  },
  circles2squares: {
    description: 'built-in procedural circles <-> squares, 32x32, as day2night',
    data: 'circles2squares',
    config: { imageSize: 32, ngf: 8, nBlocks: 3, ndf: 16, nLayersD: 1, batchSize: 1, loadScale: 1, lrG: 1e-3, lrD: 1e-3, lrConstantSteps: 3000, lrDecaySteps: 3000 },
  },
};

/** The standard benchmark configs (shared/bench/CONFIGS.md), built exactly as the reference; no jitter, as the reference. */
export const benchmarks: Record<string, BenchmarkConfig<CycleganConfig>> = {
  'cyclegan-128': {
    description: '2x ResNet-9 generators (ngf 64, InstanceNorm, reflect pad) + 2x 70x70 PatchGAN, LSGAN, cycle 10, identity 5, 128x128, batch 1',
    config: { imageSize: 128, channels: 3, ngf: 64, nBlocks: 9, ndf: 64, nLayersD: 3, loadScale: 1, flip: false, batchSize: 1 },
    image: { size: 128, channels: 3 },
    reference: ['cyclegan.py', '128'],
  },
  'cyclegan-256': {
    description: 'the same at 256x256',
    config: { imageSize: 256, channels: 3, ngf: 64, nBlocks: 9, ndf: 64, nLayersD: 3, loadScale: 1, flip: false, batchSize: 1 },
    image: { size: 256, channels: 3 },
    reference: ['cyclegan.py', '256'],
  },
};

/** Residual blocks for a config: nBlocks, or 6 below 256 pixels and 9 from 256 when it is 0 (Zhu et al.). */
export const residualBlocks = (config: Pick<CycleganConfig, 'imageSize' | 'nBlocks'>): number =>
  config.nBlocks > 0 ? config.nBlocks : config.imageSize >= 256 ? 9 : 6;

/** Throws a ConfigError for settings CycleGAN cannot train with. */
export function checkConfig(config: CycleganConfig): void {
  const { imageSize, nLayersD } = config;
  if (!Number.isInteger(imageSize) || imageSize % 4 !== 0 || imageSize < 16) {
    throw new ConfigError(`image size ${imageSize} must be a multiple of 4 (the generators downsample twice), 16 or more`);
  }
  const patch = 2 ** nLayersD;
  if (!Number.isInteger(nLayersD) || nLayersD < 0 || imageSize % patch !== 0) {
    throw new ConfigError(`nLayersD ${nLayersD} needs an image size divisible by ${patch}; got ${imageSize}`);
  }
  if (!(translationGanLosses as readonly string[]).includes(config.loss)) {
    throw new ConfigError(`cyclegan trains with --loss ${translationGanLosses.join(' or ')}, not ${config.loss}`);
  }
  if (config.dSteps !== 1) throw new ConfigError(`cyclegan updates its discriminators once per step; --d-steps must be 1, got ${config.dSteps}`);
  if (!(config.loadScale >= 1)) throw new ConfigError(`loadScale must be 1 or more (1 = no jitter), got ${config.loadScale}`);
  if (!Number.isInteger(config.poolSize) || config.poolSize < 0) throw new ConfigError(`poolSize must be a whole number, 0 or more, got ${config.poolSize}`);
  if (config.direction !== 'AtoB' && config.direction !== 'BtoA') throw new ConfigError(`direction must be AtoB or BtoA, got ${String(config.direction)}`);
}
