/**
 * StyleGAN config (Karras, Laine & Aila 2019, "A Style-Based Generator Architecture for GANs";
 * Karras et al. 2020, "Analyzing and Improving the Image Quality of StyleGAN"), in the StyleGAN2
 * form of shared/reference/torch/stylegan2.py: a mapping network z -> w, synthesis from a learned
 * constant with modulated, demodulated convolutions, per-pixel noise and skip toRGB outputs, a
 * residual discriminator, the non-saturating logistic loss with lazy R1, and style mixing.
 */
import { ConfigError, type BenchmarkConfig, type Preset, type TrainHyperparameters } from '@ganforge/core';

export interface StyleganConfig extends TrainHyperparameters {
  /** Length of z. Default 512 (Karras et al.). */
  latentDim: number;
  /** Length of w, the intermediate latent. Default 512 (Karras et al.). */
  wDim: number;
  /** Fully connected layers of the mapping network. Default 8 (Karras et al. 2019). */
  mappingLayers: number;
  /** Learning-rate multiplier of the mapping network. Default 0.01 (Karras et al. 2019, §C). */
  mappingLrMultiplier: number;
  /** Final height and width, 4·2^k (8 ... 1024). Default 256; 1024 for FFHQ (Karras et al.). */
  imageSize: number;
  /** Image channels: 1 (gray) or 3 (RGB). Default 3. */
  channels: 1 | 3;
  /** Channels at resolution r: min(fmapMax, fmapBase / r). Default 32768 (StyleGAN2 config-f: 512 up to 64x64). */
  fmapBase: number;
  /** Most channels of any layer. Default 512 (Karras et al.). */
  fmapMax: number;
  /** R1 weight γ; the penalty is γ/2·E‖∇D(x)‖². Default 10 (StyleGAN2 FFHQ). */
  r1Gamma: number;
  /** Steps between lazy R1 updates, each weighted by this interval. Default 16 (Karras et al. 2020, §3.1). */
  r1Every: number;
  /** Probability that a batch mixes two w's at a random layer (style-mixing regularisation). Default 0.9 (Karras et al. 2019). */
  styleMixingProb: number;
  /** Decay of the tracked mean w used by the truncation trick. Default 0.995 (StyleGAN2 code). */
  wAvgBeta: number;
  /** Truncation ψ of sample grids, `ganforge sample` and evaluation; 1 = none. Default 1. */
  truncationPsi: number;
  /** Group size of D's minibatch standard deviation. Default 4 (Karras et al.). */
  mbstdGroup: number;
}

export const defaults: StyleganConfig = {
  latentDim: 512,
  wDim: 512,
  mappingLayers: 8,
  mappingLrMultiplier: 0.01,
  imageSize: 256,
  channels: 3,
  fmapBase: 32768,
  fmapMax: 512,
  r1Gamma: 10,
  r1Every: 16,
  styleMixingProb: 0.9,
  wAvgBeta: 0.995,
  truncationPsi: 1,
  mbstdGroup: 4,
  batchSize: 32,
  dSteps: 1,
  lrG: 2e-3,
  lrD: 2e-3,
  beta1: 0,
  beta2: 0.99,
  ema: 0.998,
  loss: 'non-saturating',
  gpWeight: 0,
};

/** One line per field for `ganforge list` and the README's config table. */
export const fieldDocs: Record<keyof StyleganConfig, string> = {
  latentDim: 'length of z (default 512, Karras et al.)',
  wDim: 'length of w (default 512, Karras et al.)',
  mappingLayers: 'layers of the mapping network z -> w (default 8, Karras et al. 2019)',
  mappingLrMultiplier: 'learning-rate multiplier of the mapping network (default 0.01, Karras et al. 2019)',
  imageSize: 'final height and width, 4·2^k: 8 ... 1024 (default 256; FFHQ 1024)',
  channels: 'image channels, 1 or 3 (default 3; set from the data)',
  fmapBase: 'channels at resolution r are min(fmapMax, fmapBase / r) (default 32768, StyleGAN2 config-f)',
  fmapMax: 'most channels of a layer (default 512, Karras et al.)',
  r1Gamma: 'R1 weight γ: γ/2·E‖∇D(real)‖² (default 10, StyleGAN2 FFHQ)',
  r1Every: 'lazy regularisation interval: R1 every N steps, weighted by N (default 16, Karras et al. 2020)',
  styleMixingProb: 'share of batches whose w switches to a second w at a random layer (default 0.9, Karras et al. 2019)',
  wAvgBeta: 'decay of the tracked mean w for truncation (default 0.995, StyleGAN2 code)',
  truncationPsi: 'truncation ψ of sample grids and `ganforge sample`, 1 = none (default 1)',
  mbstdGroup: 'minibatch-stddev group size in D (default 4, Karras et al.)',
  batchSize: 'images per batch (default 32, StyleGAN2 config-f)',
  dSteps: 'D updates per G update (default 1)',
  lrG: 'generator Adam learning rate (default 2e-3, Karras et al. 2020)',
  lrD: 'discriminator Adam learning rate (default 2e-3, Karras et al. 2020)',
  beta1: 'Adam β1 (default 0, Karras et al.)',
  beta2: 'Adam β2 (default 0.99, Karras et al.)',
  ema: 'decay of the generator weight EMA used for samples (default 0.998: half-life 10k images at batch 32, StyleGAN2)',
  loss: 'adversarial loss (default non-saturating logistic, Karras et al.)',
  gpWeight: 'unused: StyleGAN regularises with R1 (r1Gamma); kept for the shared flags (default 0)',
};

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

/** Doublings from 4x4 to imageSize; throws a ConfigError when the size is not 4·2^k, k ≥ 1. */
export function levels(imageSize: number): number {
  const doublings = Math.log2(imageSize / 4);
  if (!Number.isInteger(doublings) || doublings < 1 || doublings > 10) {
    throw new ConfigError(`StyleGAN doubles from 4x4, so the image size must be 4·2^k (8, 16, 32, 64, ...); got ${imageSize}: pass e.g. --size 32`);
  }
  return doublings;
}

/** Resolution of level l: 4·2^l. */
export const resolutionOf = (level: number): number => 4 * 2 ** level;

/** Channels at a resolution: min(fmapMax, fmapBase / resolution). */
export const channelsAt = (config: Pick<StyleganConfig, 'fmapBase' | 'fmapMax'>, resolution: number): number =>
  Math.max(1, Math.min(config.fmapMax, Math.floor(config.fmapBase / resolution)));

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
