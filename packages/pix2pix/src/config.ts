/**
 * pix2pix config (Isola, Zhu, Zhou & Efros 2017, "Image-to-Image Translation with Conditional
 * Adversarial Networks"), with the defaults of junyanz/pytorch-CycleGAN-and-pix2pix's pix2pix model.
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

/** Pix2pix's config, one field a line: default, meaning and source. */
export const fields = {
  imageSize: field(256, 'height and width of both images of a pair', 'Isola et al.; set from --size'),
  ...imageShapeFields,
  channels: choice([1, 3] as const, 3, 'channels of input and output, 1 or 3'),
  direction: choice(['AtoB', 'BtoA'] as const, 'AtoB', 'which half of a pair is the input (--direction)'),
  ngf: field(64, 'U-Net width, doubled per level up to 8x', 'Isola et al.'),
  numDowns: field(0, 'U-Net downsamplings; 0 = log2 of the shorter side, a 1x1 bottleneck (1x2 at 32x64): 8 at 256 as unet_256'),
  dropout: field(0.5, "dropout rate in the decoder blocks below the 1/16-size level, also the paper's noise", 'Isola et al.'),
  ndf: field(64, 'PatchGAN width', 'Isola et al.'),
  nLayersD: field(3, 'PatchGAN stride-2 layers: 3 = 70x70 patches, 1 = 16x16, 0 = 1x1 PixelGAN', 'Isola et al.'),
  lambdaL1: field(100, "weight of the L1 term in G's loss", 'Isola et al.'),
  loadScale: field(286 / 256, 'random jitter: resize by this, crop back at a random place; 1 = off', 'Isola et al.'),
  flip: field(true, 'random left-right mirroring of pairs', 'Isola et al.'),
  lrConstantSteps: field(0, 'steps at the full learning rate before the linear decay'),
  lrDecaySteps: field(0, 'steps of linear decay to 0; 0 = constant'),
  batchNormMomentum: field(0.9, 'batch-norm running-statistics momentum, Keras convention'),
  leakySlope: field(0.2, 'LeakyReLU slope in the encoder and D', 'Isola et al.'),
  initStd: field(0.02, 'std of the N(0, σ) weight init', 'Isola et al.'),
  ...trainingFields({ batchSize: 1, lrG: 2e-4, lrD: 2e-4, beta1: 0.5, beta2: 0.999, ema: 0 }, {
    batchSize: { meaning: 'pairs per batch', source: 'Isola et al.; 4 for edges2shoes' },
    lrG: 'Isola et al.',
    lrD: 'Isola et al.',
    beta1: 'Isola et al.',
  }),
  loss: choice(translationGanLosses, 'non-saturating', 'vanilla BCE, or LSGAN', 'Isola et al.'),
  ...augmentFields,
};

/** Pix2pix's config (the fields above). */
export type Pix2pixConfig = ConfigOf<typeof fields>;

export const presets: Record<string, Preset<Pix2pixConfig>> = {
  facades: {
    description: 'CMP Facades labels -> photos (Isola et al.): 256x256, batch 1, BtoA; 400 pairs: 100 epochs + 100 of decay = 40,000 + 40,000 steps',
    config: { imageSize: 256, direction: 'BtoA', batchSize: 1, lrConstantSteps: 40_000, lrDecaySteps: 40_000 },
    gpu: { wasmStepSeconds: 8.3, measured: 'the README\'s pix2pix-256 bench row (the same networks at 256x256, batch 1): 8,325 ms, wasm on 2 threads, 2-core machine otherwise idle, 2026-12-02' },
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

/** U-Net downsamplings of a shape: numDowns, or log2 of the shorter side when it is 0; undefined when the sides cannot take them. */
function downsOf({ height, width }: ImageSize, numDowns: number): number | undefined {
  const downs = numDowns > 0 ? numDowns : Math.log2(Math.min(height, width));
  return Number.isInteger(downs) && downs >= 1 && height % 2 ** downs === 0 && width % 2 ** downs === 0 ? downs : undefined;
}

/**
 * U-Net downsamplings for a config: numDowns, or log2 of the shorter side when it is 0 (a 1x1
 * bottleneck for a square). A one-line ConfigError naming the nearest sizes that work otherwise.
 */
export function unetDowns(config: ImageSizeFields & Pick<Pix2pixConfig, 'numDowns'>): number {
  const shape = imageShapeOf(config);
  const downs = downsOf(shape, config.numDowns);
  if (downs !== undefined) return downs;
  const need = config.numDowns > 0 ? `both sides divisible by 2^${config.numDowns} (numDowns)` : 'a power of two for the shorter side, dividing the longer (or set numDowns)';
  throw new ConfigError(`image size ${formatShape(shape)} does not fit the U-Net, which needs ${need}${nearestSizesHint(shape, (s) => downsOf(s, config.numDowns) !== undefined)}`);
}

/** Throws a ConfigError for settings pix2pix cannot train with. */
export function checkConfig(config: Pix2pixConfig): void {
  unetDowns(config);
  const patch = 2 ** config.nLayersD;
  const shape = imageShapeOf(config);
  if (!Number.isInteger(config.nLayersD) || config.nLayersD < 0 || shape.height % patch !== 0 || shape.width % patch !== 0) {
    throw new ConfigError(`nLayersD ${config.nLayersD} needs image sides divisible by ${patch}; got ${formatShape(shape)}`);
  }
  if (!(translationGanLosses as readonly string[]).includes(config.loss)) {
    throw new ConfigError(`pix2pix trains with --loss ${translationGanLosses.join(' or ')}, not ${config.loss}`);
  }
  if (!(config.loadScale >= 1)) throw new ConfigError(`loadScale must be 1 or more (1 = no jitter), got ${config.loadScale}`);
  if (!(config.dropout >= 0 && config.dropout < 1)) throw new ConfigError(`dropout must be in [0, 1), got ${config.dropout}`);
  if (config.direction !== 'AtoB' && config.direction !== 'BtoA') throw new ConfigError(`direction must be AtoB or BtoA, got ${String(config.direction)}`);
}
