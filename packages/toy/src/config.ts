/**
 * Toy 2-D GAN config: the mode-collapse testbeds of Unrolled GAN (Metz et al. 2017), VEEGAN
 * (Srivastava et al. 2017) and PacGAN (Lin et al. 2018), with PacGAN's MLPs and packing.
 */
import { ConfigError, type BenchmarkConfig, type Preset, type TrainHyperparameters } from '@ganforge/core';
import { distributionNames, type DistributionName } from './distributions.js';

/** Weight initialisation of both networks. */
export type ToyInit = 'normal' | 'he';

/** Activation of D's hidden layers. */
export type ToyDiscriminatorActivation = 'maxout' | 'leaky-relu';

export interface ToyConfig extends TrainHyperparameters {
  /** Target distribution: ring8 or grid25 (see distributions.ts). Default grid25 (VEEGAN, PacGAN). */
  distribution: DistributionName;
  /** Length of the noise vector z ~ N(0, I). Default 2 (PacGAN's num_zdim). */
  latentDim: number;
  /** Hidden layers of G, each dense + BatchNorm + ReLU. Default 4 (PacGAN). */
  gLayers: number;
  /** Units per hidden layer of G. Default 400 (PacGAN). */
  gUnits: number;
  /** Hidden layers of D. Default 3 (PacGAN). */
  dLayers: number;
  /** Units per hidden layer of D. Default 200 (PacGAN). */
  dUnits: number;
  /** D's hidden activation: maxout (PacGAN's LinearMaxout) or leaky-relu. Default maxout (PacGAN). */
  dActivation: ToyDiscriminatorActivation;
  /** Pieces per maxout unit. Default 5 (PacGAN). */
  maxoutPieces: number;
  /** Negative slope when dActivation is leaky-relu. Default 0.2 (Radford et al.). */
  leakySlope: number;
  /** Spectral normalisation of every D layer. Default false (PacGAN has none; Miyato et al. 2018). */
  spectralNorm: boolean;
  /**
   * Random Fourier features of each point at D's input, k frequencies -> [sin, cos] (Tancik et al.
   * 2020): lets D resolve the σ = 0.05 modes early. 0 = off. Default 0 (PacGAN has none).
   */
  fourierFeatures: number;
  /** Std of those frequencies, in cycles per network coordinate unit. Default 1. */
  fourierScale: number;
  /**
   * Instance noise (Sønderby et al. 2016; Arjovsky & Bottou 2017): std of Gaussian noise added to
   * every point D sees, real and fake, in data units. 0 = off. Default 0 (PacGAN has none).
   */
  instanceNoise: number;
  /** Steps over which instance noise falls linearly to 0; 0 keeps it constant. Default 0. */
  instanceNoiseSteps: number;
  /** γ of the R1 penalty γ/2·E[‖∇D(real)‖²] on every D update; 0 = off. Default 0 (PacGAN has none; Mescheder et al. 2018). */
  r1Gamma: number;
  /**
   * G's update draws its own fake batch (a second G pass per iteration) instead of reusing the D
   * update's, the loop every measured toy run in the README used. Default true.
   */
  freshGeneratorBatch: boolean;
  /** Packing degree m: D judges m samples concatenated, all real or all fake; 1 = plain GAN. Default 2 (PacGAN2). */
  pack: number;
  /**
   * Unit of the networks' coordinates: D's first layer divides its input by it and G's last layer
   * multiplies its output by it (fixed Rescaling layers), so both learn on points of about unit size.
   * Default 1 (PacGAN: raw coordinates).
   */
  coordinateScale: number;
  /** Batch-norm momentum of G's running statistics, Keras convention. Default 0.95 (PacGAN's 0.05 update). */
  batchNormMomentum: number;
  /** Weight init: normal, N(0, initStd) (PacGAN), or he, N(0, 2/fanIn) (He et al. 2015); biases start at 0. Default normal. */
  init: ToyInit;
  /** Standard deviation of the normal weight init. Default 0.02 (PacGAN). */
  initStd: number;
}

export const defaults: ToyConfig = {
  distribution: 'grid25',
  latentDim: 2,
  gLayers: 4,
  gUnits: 400,
  dLayers: 3,
  dUnits: 200,
  dActivation: 'maxout',
  maxoutPieces: 5,
  leakySlope: 0.2,
  spectralNorm: false,
  fourierFeatures: 0,
  fourierScale: 1,
  instanceNoise: 0,
  instanceNoiseSteps: 0,
  r1Gamma: 0,
  freshGeneratorBatch: true,
  pack: 2,
  coordinateScale: 1,
  batchNormMomentum: 0.95,
  init: 'normal',
  initStd: 0.02,
  batchSize: 100,
  dSteps: 1,
  lrG: 1e-4,
  lrD: 1e-4,
  beta1: 0.8,
  beta2: 0.999,
  ema: 0,
  loss: 'non-saturating',
  gpWeight: 10,
};

/** One line per field for `ganforge list` and the README's config table. */
export const fieldDocs: Record<keyof ToyConfig, string> = {
  distribution: 'ring8 (8 Gaussians on a circle, r 2, σ 0.02) or grid25 (5x5 Gaussians at -4..4 step 2, σ 0.05) (default grid25)',
  latentDim: 'length of the noise vector z ~ N(0, I) (default 2, PacGAN)',
  gLayers: 'hidden layers of G, each dense + BatchNorm + ReLU (default 4, PacGAN)',
  gUnits: 'units per hidden layer of G (default 400, PacGAN)',
  dLayers: 'hidden layers of D (default 3, PacGAN)',
  dUnits: 'units per hidden layer of D (default 200, PacGAN)',
  dActivation: "D's hidden activation: maxout | leaky-relu (default maxout, PacGAN's LinearMaxout)",
  maxoutPieces: 'pieces per maxout unit (default 5, PacGAN)',
  leakySlope: 'LeakyReLU slope when dActivation is leaky-relu (default 0.2, Radford et al.)',
  spectralNorm: 'spectral normalisation of every D layer (default false: PacGAN has none; Miyato et al. 2018)',
  fourierFeatures: 'random Fourier features per point at D\'s input, k frequencies -> [sin, cos]; 0 = off (default 0: PacGAN has none; Tancik et al. 2020)',
  fourierScale: 'std of the Fourier frequencies, cycles per network coordinate unit (default 1)',
  instanceNoise: 'std of Gaussian noise on every point D sees, real and fake, data units; 0 = off (default 0; Sønderby et al. 2016)',
  instanceNoiseSteps: 'steps over which instance noise falls linearly to 0; 0 = constant (default 0)',
  r1Gamma: 'γ of the R1 penalty γ/2·E[‖∇D(real)‖²] on every D update; 0 = off (default 0: PacGAN has none; Mescheder et al. 2018)',
  freshGeneratorBatch: 'G\'s update draws its own fake batch instead of reusing the D update\'s (default true: the loop of the measured runs)',
  pack: 'packing degree m: D judges m samples at once, all real or all fake; 1 = plain GAN (default 2, PacGAN2)',
  coordinateScale: 'unit of the networks\' coordinates: D divides its input by it, G multiplies its output by it (default 1: raw, PacGAN)',
  batchNormMomentum: "momentum of G's batch-norm running statistics, Keras convention (default 0.95 = PacGAN's 0.05 update)",
  init: 'weight init: normal = N(0, initStd) (PacGAN) | he = N(0, 2/fanIn) (He et al. 2015); biases 0 (default normal)',
  initStd: 'std of the normal weight init (default 0.02, PacGAN)',
  batchSize: 'packed examples per batch; a step draws batchSize·pack real and fake points (default 100, PacGAN)',
  dSteps: 'D updates per G update (default 1, PacGAN)',
  lrG: 'generator Adam learning rate (default 1e-4, PacGAN)',
  lrD: 'discriminator Adam learning rate (default 1e-4, PacGAN)',
  beta1: 'Adam β1 (default 0.8, PacGAN)',
  beta2: 'Adam β2 (default 0.999)',
  ema: 'decay of the generator weight EMA, 0 = off (default 0)',
  loss: 'minimax | non-saturating | wasserstein | hinge | least-squares (default non-saturating, PacGAN)',
  gpWeight: 'gradient-penalty weight for wasserstein (default 10, Gulrajani et al.)',
};

export const presets: Record<string, Preset<ToyConfig>> = {
  ring8: {
    description: 'ring of 8 Gaussians, radius 2, σ 0.02 (Unrolled GAN, VEEGAN), PacGAN2 networks',
    config: { distribution: 'ring8' },
  },
  grid25: {
    description: '5x5 grid of Gaussians at -4..4 step 2, σ 0.05 (VEEGAN, PacGAN), PacGAN2 networks',
    config: { distribution: 'grid25' },
  },
  'grid25-ttur': {
    description: 'grid25 with a fast D (TTUR, Heusel et al. 2017: lrG 1e-4, lrD 3e-3), He init, Adam β1 0.5, G EMA 0.999: the best recipe measured here (README)',
    config: { distribution: 'grid25', init: 'he', lrG: 1e-4, lrD: 3e-3, beta1: 0.5, ema: 0.999 },
  },
};

/** No standard benchmark config covers the toy MLPs. */
export const benchmarks: Record<string, BenchmarkConfig<ToyConfig>> = {};

/** Throws a ConfigError naming the field when a config cannot build or train. */
export function validateConfig(config: ToyConfig): ToyConfig {
  if (!(distributionNames as readonly string[]).includes(config.distribution)) {
    throw new ConfigError(`unknown toy distribution "${config.distribution}"; use one of: ${distributionNames.join(', ')}`);
  }
  const positive = ['latentDim', 'gLayers', 'gUnits', 'dLayers', 'dUnits', 'maxoutPieces', 'pack', 'batchSize'] as const;
  for (const field of positive) {
    if (!Number.isInteger(config[field]) || config[field] < 1) throw new ConfigError(`toy config ${field} must be a positive integer, got ${config[field]}`);
  }
  if (!Number.isInteger(config.fourierFeatures) || config.fourierFeatures < 0) throw new ConfigError(`toy config fourierFeatures must be 0 (off) or a positive integer, got ${config.fourierFeatures}`);
  if (!(config.fourierScale > 0)) throw new ConfigError(`toy config fourierScale must be positive, got ${config.fourierScale}`);
  if (!(config.instanceNoise >= 0)) throw new ConfigError(`toy config instanceNoise must be 0 or more, got ${config.instanceNoise}`);
  if (!Number.isInteger(config.instanceNoiseSteps) || config.instanceNoiseSteps < 0) throw new ConfigError(`toy config instanceNoiseSteps must be a non-negative integer, got ${config.instanceNoiseSteps}`);
  if (!(config.r1Gamma >= 0)) throw new ConfigError(`toy config r1Gamma must be 0 (off) or positive, got ${config.r1Gamma}`);
  if (!(config.coordinateScale > 0)) throw new ConfigError(`toy config coordinateScale must be positive, got ${config.coordinateScale}`);
  if (config.init !== 'normal' && config.init !== 'he') throw new ConfigError(`toy config init must be normal or he, got "${String(config.init)}"`);
  if (config.dActivation !== 'maxout' && config.dActivation !== 'leaky-relu') {
    throw new ConfigError(`toy config dActivation must be maxout or leaky-relu, got "${String(config.dActivation)}"`);
  }
  return config;
}
