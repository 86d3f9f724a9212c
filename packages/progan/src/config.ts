/**
 * Progressive GAN config (Karras, Aila, Laine & Lehtinen 2018, "Progressive Growing of GANs for
 * Improved Quality, Stability, and Variation", ICLR 2018) and its growth schedule.
 *
 * Training starts at 4x4 and doubles the resolution until `imageSize`: each new block of G and D is
 * faded in linearly over `fadeImages` real images, then trained stable for `stableImages`. Where a
 * run stands (resolution, fade-in alpha) is a pure function of the step, so a checkpoint's step
 * counter is all a resumed run needs to continue mid-phase.
 */
import { adversarialFields, choice, ConfigError, field, karrasLadder, trainingFields, type BenchmarkConfig, type ConfigOf, type Preset } from '@ganforge/core';
import { augmentFields } from '@ganforge/core/augment';

/** Progan's config, one field a line: default, meaning and source. */
export const fields = {
  latentDim: field(512, 'length of z, pixel-normalised', 'Karras et al. 2018'),
  imageSize: field(256, 'final height and width, 4·2^k: 8 ... 1024'),
  channels: choice([1, 3] as const, 3, 'image channels, 1 or 3'),
  fmapBase: field(16384, 'channels at resolution r are min(fmapMax, fmapBase / r)', 'Karras et al. Table 2'),
  fmapMax: field(512, 'most channels of a block', 'Karras et al.'),
  fadeImages: field(800_000, 'real images while a new resolution fades in', 'Karras et al.'),
  stableImages: field(800_000, 'real images per resolution after its fade-in; the last trains to the end', 'Karras et al.'),
  batchSizes: field<Record<string, number>>({ 256: 14, 512: 6, 1024: 3 }, 'batch size per resolution, e.g. {"256": 14}; others use batchSize', 'Karras et al.'),
  driftWeight: field(0.001, 'drift term ε·E[D(real)²] with wasserstein', 'Karras et al.'),
  mbstdGroup: field(4, 'minibatch-stddev group size in D', 'Karras et al.'),
  fixedLevel: field<number | null>(null, 'pin the level of detail (r-1+alpha fading, r stable; 2.5 = 32x32 at alpha 0.5) instead of the schedule'),
  ...trainingFields(
    { batchSize: 16, lrG: 1e-3, lrD: 1e-3, beta1: 0, beta2: 0.99, ema: 0.999 },
    { batchSize: { meaning: 'images per batch at resolutions batchSizes does not list', source: 'Karras et al.' }, lrG: 'Karras et al.', lrD: 'Karras et al.', beta1: 'Karras et al.', beta2: 'Karras et al.', ema: 'Karras et al.' },
  ),
  ...adversarialFields({ loss: 'wasserstein', dSteps: 1, gpWeight: 10 }, { loss: 'WGAN-GP, Karras et al.', dSteps: 'Karras et al.', gpWeight: 'Gulrajani et al. 2017' }),
  ...augmentFields,
};

/** Progan's config (the fields above). */
export type ProganConfig = ConfigOf<typeof fields>;

export const presets: Record<string, Preset<ProganConfig>> = {
  mnist32: {
    description: 'MNIST digits resized to 32x32x1 in about 25 minutes on a CPU: 64 channels (16 at 32x32), 1600 images per phase, batch 16, EMA 0.99',
    data: 'mnist',
    config: {
      imageSize: 32,
      channels: 1,
      latentDim: 128,
      fmapBase: 512,
      fmapMax: 64,
      fadeImages: 1600,
      stableImages: 1600,
      batchSize: 16,
      batchSizes: {},
      ema: 0.99,
    },
  },
  celeba64: {
    description: 'CelebA faces 64x64x3 from a local folder (--data) for one GPU: 256 channels, 300k images per phase',
    config: { imageSize: 64, channels: 3, fmapBase: 8192, fmapMax: 256, latentDim: 256, fadeImages: 300_000, stableImages: 300_000, batchSizes: {} },
    gpu: { wasmStepSeconds: 222, measured: '`ganforge bench --preset progan:celeba64 --set fixedLevel=4 --backend wasm --steps 1 --warmup 1` (the last, 64x64 phase), batch 16: 222.3 s, 2-core AMD EPYC VM, wasm on 2 threads, 2026-12-04, measured under load (load average 21-28 from other jobs)' },
  },
  'celeba-hq1024': {
    description: "CelebA-HQ 1024x1024x3 from a local folder (--data): the paper's networks and schedule (Karras et al. 2018)",
    config: { imageSize: 1024, channels: 3 },
  },
};

/** The standard benchmark configs (shared/bench/CONFIGS.md) this network builds exactly. */
export const benchmarks: Record<string, BenchmarkConfig<ProganConfig>> = {
  'progan-32': {
    description: 'ProGAN 32x32x3 stage during fade-in (alpha 0.5), 256 channels, latent 256, pixel norm, minibatch stddev, equalized LR, WGAN-GP, batch 16',
    config: { imageSize: 32, channels: 3, latentDim: 256, fmapBase: 8192, fmapMax: 256, fixedLevel: 2.5, batchSize: 16, batchSizes: {}, ema: 0 },
    image: { size: 32, channels: 3 },
    reference: ['progan.py'],
  },
};

// ---- resolutions and schedule -------------------------------------------------------------------

/** Doublings from 4x4 to imageSize (core's Karras ladder); a ConfigError when the size is not 4·2^k. */
export const levels = (imageSize: number): number => karrasLadder.levels(imageSize, 'ProGAN');

/** Resolution of a level: 4·2^level. */
export const resolutionOf = karrasLadder.resolutionOf;

/** Channels of the blocks at a resolution: min(fmapMax, fmapBase / resolution). */
export const channelsAt = karrasLadder.channelsAt;

/** Batch size at a resolution: batchSizes[resolution] or batchSize. */
export const batchAt = (config: Pick<ProganConfig, 'batchSize' | 'batchSizes'>, resolution: number): number =>
  config.batchSizes[String(resolution)] ?? config.batchSize;

/** Where training stands at one step. */
export interface Progress {
  /** Phase index: 0 is 4x4; then fade-in and stable phases alternate (1: fade 8x8, 2: stable 8x8, ...). */
  phase: number;
  /** Highest active level r (resolution 4·2^r). */
  level: number;
  /** Its resolution. */
  resolution: number;
  /** Weight of the newest block: in (0, 1) while it fades in, 1 when stable. */
  alpha: number;
  /** True while the newest block fades in. */
  fading: boolean;
  /** Batch size of this step. */
  batch: number;
  /** Real images shown to D before this step (summed batch sizes of the earlier steps). */
  imagesSeen: number;
  /** The level of detail as one number: level - 1 + alpha while fading, level when stable. */
  lod: number;
}

/** Progress at a pinned level of detail (config.fixedLevel). */
function fixedProgress(config: ProganConfig, lod: number): Progress {
  const top = levels(config.imageSize);
  if (!(lod >= 0 && lod <= top)) throw new ConfigError(`fixedLevel must lie in [0, ${top}] for size ${config.imageSize}, got ${lod}`);
  const level = Math.ceil(lod);
  const alpha = level === 0 ? 1 : 1 - (level - lod);
  const resolution = resolutionOf(level);
  return { phase: level === 0 ? 0 : 2 * level - (alpha < 1 ? 1 : 0), level, resolution, alpha, fading: alpha < 1, batch: batchAt(config, resolution), imagesSeen: 0, lod };
}

/**
 * The schedule at `step` (0-based): phases 4x4 stable, then for each doubling a fade-in of
 * fadeImages and a stable phase of stableImages real images; the last stable phase never ends.
 * Phase lengths are whole steps: ceil(images / batch at that resolution). Alpha is the share of
 * the fade-in's steps done before this step.
 */
export function progressAt(config: ProganConfig, step: number): Progress {
  if (config.fixedLevel !== null) return fixedProgress(config, config.fixedLevel);
  const top = levels(config.imageSize);
  let first = 0; // first step of the phase
  let imagesSeen = 0;
  for (let phase = 0; ; phase++) {
    const level = Math.ceil(phase / 2);
    const fading = phase % 2 === 1;
    const resolution = resolutionOf(level);
    const batch = batchAt(config, resolution);
    const last = level === top && !fading;
    const steps = Math.max(1, Math.ceil((fading ? config.fadeImages : config.stableImages) / batch));
    if (last || step < first + steps) {
      const done = step - first;
      const alpha = fading ? done / steps : 1;
      return { phase, level, resolution, alpha, fading, batch, imagesSeen: imagesSeen + done * batch, lod: fading ? level - 1 + alpha : level };
    }
    first += steps;
    imagesSeen += steps * batch;
  }
}

/** Checks the sizes and batch sizes; returns the number of doublings. */
export function validateConfig(config: ProganConfig): number {
  const top = levels(config.imageSize);
  for (let level = 0; level <= top; level++) {
    const resolution = resolutionOf(level);
    const batch = batchAt(config, resolution);
    if (!Number.isInteger(batch) || batch < 1) throw new ConfigError(`batch size at ${resolution}x${resolution} must be a positive integer, got ${batch}`);
    const group = Math.min(config.mbstdGroup, batch);
    if (batch % group !== 0) {
      throw new ConfigError(`batch size ${batch} at ${resolution}x${resolution} is not a multiple of the minibatch-stddev group ${config.mbstdGroup}; change batchSize/batchSizes or mbstdGroup`);
    }
  }
  if (!(config.fadeImages > 0 && config.stableImages > 0)) throw new ConfigError('fadeImages and stableImages must be positive');
  return top;
}
