/**
 * DCGAN config (Radford, Metz & Chintala 2016, "Unsupervised Representation Learning with Deep
 * Convolutional Generative Adversarial Networks"), as in pytorch/examples' dcgan.
 */
import { ConfigError, doublingPlan, type BenchmarkConfig, type Preset, type ResolutionPlan, type TrainHyperparameters } from '@ganforge/core';

/**
 * Network layout. `radford`: 4x4 kernels doubling from 4..7 pixels (Radford et al.; pytorch/examples).
 * `tf-tutorial`: the TensorFlow DCGAN tutorial's MNIST network: dense to (S/4)² x 256, 5x5 transposed
 * convs 128 (stride 1), 64, C (stride 2); D of two 5x5 stride-2 convs (64, 128) with dropout 0.3.
 */
export type DcganTopology = 'radford' | 'tf-tutorial';

export interface DcganConfig extends TrainHyperparameters {
  /** Network layout (see DcganTopology). Default 'radford'. */
  topology: DcganTopology;
  /** Length of the noise vector z. Default 100 (Radford et al.). */
  latentDim: number;
  /** Height and width of generated images; a multiple of 4 reached by doubling from 4..7. Default 64 (Radford et al.). */
  imageSize: number;
  /** Image channels: 1 (gray) or 3 (RGB). Default 3. */
  channels: 1 | 3;
  /** Generator width: channels of its last hidden layer, doubled per layer towards the input. Default 64 (pytorch/examples; the paper's 4x4x1024 is ngf 128). */
  ngf: number;
  /** Discriminator width: channels of its first layer, doubled per layer. Default 64 (pytorch/examples). */
  ndf: number;
  /** Batch-norm momentum of the running statistics, Keras' convention. Default 0.9 (PyTorch's 0.1). */
  batchNormMomentum: number;
  /** Negative slope of the discriminator's LeakyReLU. Default 0.2 (Radford et al.). */
  leakySlope: number;
  /** Standard deviation of the N(0, σ) weight init. Default 0.02 (Radford et al.). */
  initStd: number;
}

export const defaults: DcganConfig = {
  topology: 'radford',
  latentDim: 100,
  imageSize: 64,
  channels: 3,
  ngf: 64,
  ndf: 64,
  batchNormMomentum: 0.9,
  leakySlope: 0.2,
  initStd: 0.02,
  batchSize: 64,
  dSteps: 1,
  lrG: 2e-4,
  lrD: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
  ema: 0,
  loss: 'non-saturating',
  gpWeight: 10,
};

/** One line per field for `--help` and the README's config table. */
export const fieldDocs: Record<keyof DcganConfig, string> = {
  topology: "radford (4x4 kernels, Radford et al.) | tf-tutorial (TensorFlow DCGAN tutorial's MNIST network, image size a multiple of 4) (default radford)",
  latentDim: 'length of the noise vector z (default 100, Radford et al.)',
  imageSize: 'height and width of images, a multiple of 4 reached by doubling from 4..7 (default 64)',
  channels: 'image channels, 1 or 3 (default 3; set from the data)',
  ngf: "generator width; 4x4 layer has ngf*8 channels at 64px (default 64, pytorch/examples; the paper's 1024 is 128)",
  ndf: 'discriminator width, doubled per layer (default 64, pytorch/examples)',
  batchNormMomentum: 'batch-norm running-statistics momentum, Keras convention (default 0.9 = PyTorch 0.1)',
  leakySlope: 'LeakyReLU slope in D, and in G for tf-tutorial (default 0.2, Radford et al.; the tutorial uses 0.3)',
  initStd: 'std of the N(0, σ) weight init (default 0.02, Radford et al.)',
  batchSize: 'images per batch (default 64, pytorch/examples; the paper used 128)',
  dSteps: 'D updates per G update (default 1)',
  lrG: 'generator Adam learning rate (default 2e-4, Radford et al.)',
  lrD: 'discriminator Adam learning rate (default 2e-4, Radford et al.)',
  beta1: 'Adam β1 (default 0.5, Radford et al.)',
  beta2: 'Adam β2 (default 0.999)',
  ema: 'decay of the generator weight EMA, 0 = off (default 0; 0.999 is common)',
  loss: 'minimax | non-saturating | wasserstein | hinge | least-squares (default non-saturating: BCE with real labels for G)',
  gpWeight: 'gradient-penalty weight for wasserstein (default 10, Gulrajani et al.)',
};

export const presets: Record<string, Preset<DcganConfig>> = {
  mnist: {
    description: 'MNIST digits 28x28x1: z -> 7x7x128 -> 14x14x64 -> 28x28x1 (InfoGAN-style MNIST DCGAN)',
    data: 'mnist',
    config: { imageSize: 28, channels: 1, ngf: 64, ndf: 64 },
  },
  'fashion-mnist': {
    description: 'Fashion-MNIST 28x28x1, the same network as mnist',
    data: 'fashion-mnist',
    config: { imageSize: 28, channels: 1, ngf: 64, ndf: 64 },
  },
  celeba64: {
    description: "CelebA faces 64x64x3 from a local folder (--data): the paper's z -> 4x4x1024 -> ... -> 64x64x3",
    config: { imageSize: 64, channels: 3, ngf: 128, ndf: 128 },
  },
};

/** The standard benchmark configs (shared/bench/CONFIGS.md) this network builds exactly. */
export const benchmarks: Record<string, BenchmarkConfig<DcganConfig>> = {
  'dcgan-celeba64': {
    description: 'DCGAN, nz 100, ngf = ndf = 64, 64x64x3, BCE, Adam(2e-4, 0.5), batch 64',
    config: { imageSize: 64, channels: 3, ngf: 64, ndf: 64, batchSize: 64 },
    image: { size: 64, channels: 3 },
    reference: ['dcgan.py', 'celeba64'],
  },
  'dcgan-mnist28': {
    description: 'TensorFlow DCGAN tutorial: Dense 7x7x256, ConvT 128/64/1 k5, 28x28x1, LeakyReLU 0.3, batch 64',
    config: { topology: 'tf-tutorial', imageSize: 28, channels: 1, leakySlope: 0.3, batchSize: 64 },
    image: { size: 28, channels: 1 },
    reference: ['dcgan.py', 'mnist28'],
  },
  'dcgan-mnist32': {
    description: 'DCGAN at 32x32x1, ngf = ndf = 32, batch 64',
    config: { imageSize: 32, channels: 1, ngf: 32, ndf: 32, batchSize: 64 },
    image: { size: 32, channels: 1 },
    reference: ['dcgan.py', 'mnist32'],
  },
};

/**
 * The generator's layout for a topology: radford halves imageSize down to a start of 4..7 pixels
 * (core's doublingPlan); tf-tutorial starts at imageSize / 4 and doubles twice. Throws a ConfigError
 * for a size the topology cannot reach.
 */
export function resolutionPlan(imageSize: number, topology: DcganTopology = 'radford'): ResolutionPlan {
  if (topology === 'tf-tutorial') {
    if (!Number.isInteger(imageSize) || imageSize % 4 !== 0 || imageSize < 8) {
      throw new ConfigError(`the tf-tutorial topology needs an image size that is a multiple of 4 (at least 8), got ${imageSize}; use e.g. 28`);
    }
    return { startSize: imageSize / 4, upsamples: 2 };
  }
  return doublingPlan(imageSize);
}
