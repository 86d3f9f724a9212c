/**
 * Toy 2-D GAN config: the mode-collapse testbeds of Unrolled GAN (Metz et al. 2017), VEEGAN
 * (Srivastava et al. 2017) and PacGAN (Lin et al. 2018), with PacGAN's MLPs and packing.
 */
import { adversarialFields, choice, ConfigError, field, topKFields, trainingFields, type BenchmarkConfig, type ConfigOf, type Preset } from '@ganforge/core';
import { distributionNames } from './distributions.js';

/** Toy's config, one field a line: default, meaning and source. */
export const fields = {
  distribution: choice(distributionNames, 'grid25', 'target distribution: ring8 = 8 Gaussians on a circle, r 2, σ 0.02; grid25 = 5x5 Gaussians at -4..4 step 2, σ 0.05', 'VEEGAN, PacGAN'),
  latentDim: field(2, 'length of the noise vector z ~ N(0, I)', 'PacGAN'),
  gLayers: field(4, 'hidden layers of G, each dense + BatchNorm + ReLU', 'PacGAN'),
  gUnits: field(400, 'units per hidden layer of G', 'PacGAN'),
  dLayers: field(3, 'hidden layers of D', 'PacGAN'),
  dUnits: field(200, 'units per hidden layer of D', 'PacGAN'),
  dActivation: choice(['maxout', 'leaky-relu'] as const, 'maxout', "D's hidden activation", "PacGAN's LinearMaxout"),
  maxoutPieces: field(5, 'pieces per maxout unit', 'PacGAN'),
  leakySlope: field(0.2, 'LeakyReLU slope when dActivation is leaky-relu', 'Radford et al.'),
  spectralNorm: field(false, 'spectral normalisation of every D layer'),
  fourierFeatures: field(0, "random Fourier features per point at D's input, k frequencies -> [sin, cos]; 0 = off"),
  fourierScale: field(1, 'std of the Fourier frequencies, cycles per network coordinate unit'),
  instanceNoise: field(0, 'std of Gaussian noise on every point D sees, real and fake, data units; 0 = off'),
  instanceNoiseSteps: field(0, 'steps over which instance noise falls linearly to 0; 0 = constant'),
  r1Gamma: field(0, 'γ of the R1 penalty γ/2·E[‖∇D(real)‖²] on every D update; 0 = off'),
  freshGeneratorBatch: field(true, "G's update draws its own fake batch instead of reusing the D update's"),
  pack: field(2, 'packing degree m: D judges m samples at once, all real or all fake; 1 = plain GAN', 'PacGAN2'),
  coordinateScale: field(1, "unit of the networks' coordinates: D divides its input by it, G multiplies its output by it", 'PacGAN'),
  batchNormMomentum: field(0.95, "momentum of G's batch-norm running statistics, Keras convention"),
  init: choice(['normal', 'he'] as const, 'normal', 'weight init of both networks: normal = N(0, initStd) (PacGAN), he = N(0, 2/fanIn) (He et al. 2015); biases 0'),
  initStd: field(0.02, 'std of the normal weight init', 'PacGAN'),
  ...trainingFields({ batchSize: 100, lrG: 1e-4, lrD: 1e-4, beta1: 0.8, beta2: 0.999, ema: 0 }, {
    batchSize: { meaning: 'packed examples per batch; a step draws batchSize·pack real and fake points', source: 'PacGAN' },
    lrG: 'PacGAN',
    lrD: 'PacGAN',
    beta1: 'PacGAN',
  }),
  ...adversarialFields({ loss: 'non-saturating', dSteps: 1, gpWeight: 10 }, { loss: 'PacGAN', dSteps: 'PacGAN', gpWeight: 'Gulrajani et al.' }),
  ...topKFields,
};

/** Toy's config (the fields above). */
export type ToyConfig = ConfigOf<typeof fields>;

/** Weight initialisation of both networks. */
export type ToyInit = ToyConfig['init'];

/** Activation of D's hidden layers. */
export type ToyDiscriminatorActivation = ToyConfig['dActivation'];

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
