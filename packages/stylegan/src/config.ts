/**
 * StyleGAN config (Karras, Laine & Aila 2019, "A Style-Based Generator Architecture for GANs";
 * Karras et al. 2020, "Analyzing and Improving the Image Quality of StyleGAN"), in the StyleGAN2
 * form of shared/reference/torch/stylegan2.py: a mapping network z -> w, synthesis from a learned
 * constant with modulated, demodulated convolutions, per-pixel noise and skip toRGB outputs, a
 * residual discriminator, the non-saturating logistic loss with lazy R1, and style mixing.
 */
import { choice, ConfigError, field, karrasLadder, trainingFields, type BenchmarkConfig, type ConfigOf, type Preset } from '@ganforge/core';
import { augmentFields } from '@ganforge/core/augment';
import { adversarialLossNames } from '@ganforge/core/losses';

/** Stylegan's config, one field a line: default, meaning and source. */
export const fields = {
  latentDim: field(512, 'length of z', 'Karras et al.'),
  wDim: field(512, 'length of w', 'Karras et al.'),
  mappingLayers: field(8, 'layers of the mapping network z -> w', 'Karras et al. 2019'),
  mappingLrMultiplier: field(0.01, 'learning-rate multiplier of the mapping network', 'Karras et al. 2019'),
  imageSize: field(256, 'final height and width, 4·2^k: 8 ... 1024'),
  channels: choice([1, 3] as const, 3, 'image channels, 1 or 3'),
  fmapBase: field(32768, 'channels at resolution r are min(fmapMax, fmapBase / r)', 'StyleGAN2 config-f'),
  fmapMax: field(512, 'most channels of a layer', 'Karras et al.'),
  r1Gamma: field(10, 'R1 weight γ: γ/2·E‖∇D(real)‖²', 'StyleGAN2 FFHQ'),
  r1Every: field(16, 'lazy regularisation interval: R1 every N steps, weighted by N', 'Karras et al. 2020'),
  styleMixingProb: field(0.9, 'share of batches whose w switches to a second w at a random layer', 'Karras et al. 2019'),
  wAvgBeta: field(0.995, 'decay of the tracked mean w for truncation', 'StyleGAN2 code'),
  truncationPsi: field(1, 'truncation ψ of sample grids and `ganforge sample`, 1 = none'),
  mbstdGroup: field(4, 'minibatch-stddev group size in D', 'Karras et al.'),
  ...trainingFields({ batchSize: 32, lrG: 2e-3, lrD: 2e-3, beta1: 0, beta2: 0.99, ema: 0.998 }, { batchSize: 'StyleGAN2 config-f', lrG: 'Karras et al. 2020', lrD: 'Karras et al. 2020', beta1: 'Karras et al.', beta2: 'Karras et al.', ema: 'StyleGAN2' }),
  dSteps: field(1, 'D updates per G update'),
  loss: choice(adversarialLossNames, 'non-saturating', 'adversarial objective', 'Karras et al.'),
  ...augmentFields,
};

/** Stylegan's config (the fields above). */
export type StyleganConfig = ConfigOf<typeof fields>;

export const presets: Record<string, Preset<StyleganConfig>> = {
  mnist32: {
    description: 'MNIST digits resized to 32x32x1 on a CPU: mapping 4x128, 64 channels (16 at 32x32), batch 16, γ 10, EMA 0.99',
    data: 'mnist',
    config: {
      imageSize: 32,
      channels: 1,
      latentDim: 128,
      wDim: 128,
      mappingLayers: 4,
      fmapBase: 512,
      fmapMax: 64,
      batchSize: 16,
      r1Gamma: 10, // γ 1 collapsed to a few shapes by step 1000 (README, "Measured")
      ema: 0.99,
    },
  },
  ffhq256: {
    description: 'faces 256x256x3 from a local folder (--data), StyleGAN2 config-e-like widths for one GPU: 512 channels up to 32x32, γ 1',
    config: { imageSize: 256, channels: 3, fmapBase: 16384, r1Gamma: 1, batchSize: 16 },
    gpu: { wasmStepSeconds: 600, wasmStepSecondsAtLeast: true, measured: '`ganforge bench --preset stylegan:ffhq256 --backend wasm --steps 1 --warmup 1`, batch 16, did not finish its two steps in 1,200 s: over 600 s a step, 2-core AMD EPYC VM, wasm on 2 threads, 2026-12-04, measured under load (load average 16-29 from other jobs)' },
  },
  ffhq1024: {
    description: "FFHQ 1024x1024x3 from a local folder (--data): StyleGAN2 config-f's networks and training (Karras et al. 2020)",
    config: { imageSize: 1024, channels: 3 },
  },
};

/** The standard benchmark configs (shared/bench/CONFIGS.md) this network builds exactly. */
export const benchmarks: Record<string, BenchmarkConfig<StyleganConfig>> = {
  'stylegan-32': {
    description: 'StyleGAN2-like 32x32x3: 8-layer mapping 512, 256 channels, modulated convs with demodulation, noise, skip toRGB, ResNet D, lazy R1 every 16, batch 16',
    config: { imageSize: 32, channels: 3, fmapBase: 8192, fmapMax: 256, batchSize: 16, styleMixingProb: 0, ema: 0 },
    image: { size: 32, channels: 3 },
    reference: ['stylegan2.py'],
  },
};

// ---- resolutions --------------------------------------------------------------------------------

/** Doublings from 4x4 to imageSize (core's Karras ladder); a ConfigError when the size is not 4·2^k. */
export const levels = (imageSize: number): number => karrasLadder.levels(imageSize, 'StyleGAN');

/** Resolution of a level: 4·2^level. */
export const resolutionOf = karrasLadder.resolutionOf;

/** Channels at a resolution: min(fmapMax, fmapBase / resolution). */
export const channelsAt = karrasLadder.channelsAt;

/**
 * Number of w inputs of the synthesis network (StyleGAN2's num_ws): 2 per resolution. Index 0 feeds
 * the 4x4 conv, 2l-1 and 2l the two convs of level l, and 2l+1 toRGB of level l.
 */
export const numWs = (imageSize: number): number => 2 * levels(imageSize) + 2;

/** Checks a config; throws a ConfigError naming the field to change. */
export function validateConfig(config: StyleganConfig): void {
  levels(config.imageSize);
  const group = Math.min(config.mbstdGroup, config.batchSize);
  if (config.batchSize % group !== 0) {
    throw new ConfigError(`batch size ${config.batchSize} is not a multiple of the minibatch-stddev group ${config.mbstdGroup}; change --batch or mbstdGroup`);
  }
  if (!Number.isInteger(config.r1Every) || config.r1Every < 1) throw new ConfigError(`r1Every must be a positive integer, got ${config.r1Every}`);
  if (!(config.styleMixingProb >= 0 && config.styleMixingProb <= 1)) throw new ConfigError(`styleMixingProb must lie in [0, 1], got ${config.styleMixingProb}`);
}
