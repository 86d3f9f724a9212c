/**
 * CycleGAN config (Zhu, Park, Isola & Efros 2017, "Unpaired Image-to-Image Translation using
 * Cycle-Consistent Adversarial Networks"), with the defaults of junyanz/pytorch-CycleGAN-and-pix2pix's
 * cycle_gan model.
 */
import {
  choice,
  ConfigError,
  field,
  formatShape,
  imageShapeFields,
  imageShapeOf,
  nearestSizesHint,
  trainingFields,
  type BenchmarkConfig,
  type ConfigOf,
  type ImageSize,
  type ImageSizeFields,
  type Preset,
} from '@ganforge/core';
import { augmentFields } from '@ganforge/core/augment';
import { translationGanLosses } from '@ganforge/core/losses';

/** Cyclegan's config, one field a line: default, meaning and source. */
export const fields = {
  imageSize: field(256, "height and width of both domains' images", 'Zhu et al.; set from --size'),
  ...imageShapeFields,
  channels: choice([1, 3] as const, 3, 'channels of both domains, 1 or 3'),
  direction: choice(['AtoB', 'BtoA'] as const, 'AtoB', 'which domain `generator` translates from (--direction)'),
  ngf: field(64, 'generator width, doubled by each of its 2 downsamplings', 'Zhu et al.'),
  nBlocks: field(0, 'residual blocks per generator; 0 = 6 below 256 px (the shorter side), 9 from 256', 'Zhu et al.'),
  ndf: field(64, 'PatchGAN width', 'Zhu et al.'),
  nLayersD: field(3, 'PatchGAN stride-2 layers: 3 = 70x70 patches, 1 = 16x16, 0 = 1x1', 'Zhu et al.'),
  lambdaCycle: field(10, 'weight of the cycle-consistency L1 terms', 'Zhu et al.'),
  lambdaIdentity: field(0.5, 'weight of the identity L1 terms relative to lambdaCycle, 0 = off', 'Zhu et al.'),
  poolSize: field(50, "generated images in each D's history pool, 0 = off", 'Zhu et al. after Shrivastava et al.'),
  loadScale: field(286 / 256, 'random jitter: resize by this, crop back at a random place; 1 = off', 'Zhu et al.'),
  flip: field(true, 'random left-right mirroring', 'Zhu et al.'),
  lrConstantSteps: field(0, 'steps at the full learning rate before the linear decay'),
  lrDecaySteps: field(0, 'steps of linear decay to 0; 0 = constant'),
  leakySlope: field(0.2, 'LeakyReLU slope in D', 'Zhu et al.'),
  initStd: field(0.02, 'std of the N(0, σ) weight init', 'Zhu et al.'),
  ...trainingFields(
    { batchSize: 1, lrG: 2e-4, lrD: 2e-4, beta1: 0.5, beta2: 0.999, ema: 0 },
    {
      batchSize: { meaning: 'images of each domain per batch', source: 'Zhu et al.' },
      lrG: { meaning: 'Adam learning rate of both generators', source: 'Zhu et al.' },
      lrD: { meaning: 'Adam learning rate of both discriminators', source: 'Zhu et al.' },
      beta1: 'Zhu et al.',
      ema: { meaning: 'decay of a weight EMA of `generator` (A -> B) only, 0 = off' },
    },
  ),
  loss: choice(translationGanLosses, 'least-squares', 'LSGAN, or vanilla BCE', 'Zhu et al.'),
  ...augmentFields,
};

/** Cyclegan's config (the fields above). */
export type CycleganConfig = ConfigOf<typeof fields>;

export const presets: Record<string, Preset<CycleganConfig>> = {
  horse2zebra: {
    description: 'horse2zebra from its folder (--data): 256x256, 9 blocks, batch 1; 1,334 steps an epoch: 100 epochs + 100 of decay = 133,400 + 133,400 steps',
    config: { imageSize: 256, batchSize: 1, lrConstantSteps: 133_400, lrDecaySteps: 133_400 },
    gpu: { wasmStepSeconds: null, measured: 'the README\'s cyclegan-256 bench row (the same networks at 256x256, batch 1) outgrows the 4 GiB wasm heap even with frugal backprop, 2026-12-02' },
  },
  day2night: {
    description: 'built-in procedural day <-> night landscapes, 32x32: narrow generators (ngf 8, 3 blocks), 16x16 PatchGANs (ndf 16), batch 1, no jitter, lr 1e-3 (5x the paper\'s), cycle weight 20 (2x the paper\'s), 3000 + 3000 steps of decay',
    data: 'day2night',
    config: { imageSize: 32, ngf: 8, nBlocks: 3, ndf: 16, nLayersD: 1, batchSize: 1, loadScale: 1, lrG: 1e-3, lrD: 1e-3, lambdaCycle: 20, lrConstantSteps: 3000, lrDecaySteps: 3000 },
  },
  circles2squares: {
    description: 'built-in procedural circles <-> squares, 32x32, the networks and schedule of day2night with the paper\'s cycle weight 10',
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

/** Residual blocks for a config: nBlocks, or 6 below 256 pixels and 9 from 256 (the shorter side) when it is 0 (Zhu et al.). */
export function residualBlocks(config: ImageSizeFields & Pick<CycleganConfig, 'nBlocks'>): number {
  const { height, width } = imageShapeOf(config);
  return config.nBlocks > 0 ? config.nBlocks : Math.min(height, width) >= 256 ? 9 : 6;
}

/** Whether both sides are multiples of 4 (the generators downsample twice), 16 or more, and of the PatchGAN's 2^nLayersD. */
const sidesFit = (shape: ImageSize, patch: number): boolean =>
  [shape.height, shape.width].every((side) => Number.isInteger(side) && side % 4 === 0 && side >= 16 && side % patch === 0);

/** Throws a ConfigError for settings CycleGAN cannot train with. */
export function checkConfig(config: CycleganConfig): void {
  const { nLayersD } = config;
  const shape = imageShapeOf(config);
  if (!Number.isInteger(nLayersD) || nLayersD < 0) throw new ConfigError(`nLayersD must be a whole number, 0 or more, got ${nLayersD}`);
  const patch = 2 ** nLayersD;
  if (!sidesFit(shape, patch)) {
    throw new ConfigError(
      `image size ${formatShape(shape)} needs sides that are multiples of 4 (the generators downsample twice), 16 or more, and divisible by ${patch} (nLayersD ${nLayersD})${nearestSizesHint(shape, (s) => sidesFit(s, patch))}`,
    );
  }
  if (!(translationGanLosses as readonly string[]).includes(config.loss)) {
    throw new ConfigError(`cyclegan trains with --loss ${translationGanLosses.join(' or ')}, not ${config.loss}`);
  }
  if (!(config.loadScale >= 1)) throw new ConfigError(`loadScale must be 1 or more (1 = no jitter), got ${config.loadScale}`);
  if (!Number.isInteger(config.poolSize) || config.poolSize < 0) throw new ConfigError(`poolSize must be a whole number, 0 or more, got ${config.poolSize}`);
  if (config.direction !== 'AtoB' && config.direction !== 'BtoA') throw new ConfigError(`direction must be AtoB or BtoA, got ${String(config.direction)}`);
}
