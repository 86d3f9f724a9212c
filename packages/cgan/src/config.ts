/**
 * Conditional GAN config (Mirza & Osindero 2014, "Conditional Generative Adversarial Nets"), in the
 * label-embedding DCGAN recipe of the Keras/TensorFlow conditional-DCGAN examples, with BigGAN's
 * conditioning and stabilisers (Brock et al. 2019) and the projection discriminator (Miyato &
 * Koyama 2018) as switches.
 */
import type { BenchmarkConfig, Preset, TrainHyperparameters } from '@ganforge/core';

export interface CganConfig extends TrainHyperparameters {
  /** Length of the noise vector z. Default 100 (Mirza & Osindero; the Keras recipe). */
  latentDim: number;
  /** Number of classes; set from the data. Default 10 (MNIST). */
  numClasses: number;
  /** Length of the learned class embedding, in G (concatenated to z) and D. Default 50 (the Keras conditional-DCGAN recipe). */
  embeddingDim: number;
  /** Height and width of images; reached by doubling from 4..7 pixels (28, 32, 64). Default 28 (MNIST). */
  imageSize: number;
  /** Image channels; set from the data. Default 3 (folders load as RGB; MNIST is 1). */
  channels: 1 | 3;
  /** Generator width: channels of its last hidden layer; the dense projection has ngf·2^u (256 at 28px). Default 64 (the recipe). */
  ngf: number;
  /** Discriminator width: channels of its first conv, doubled per layer. Default 64 (the recipe). */
  ndf: number;
  /** Convolution kernel size in G and D. Default 5 (the recipe; DCGAN uses 4). */
  kernelSize: number;
  /** Dropout rate after each conv of D. Default 0.3 (the recipe); 0 = off. */
  dropout: number;
  /** Negative slope of LeakyReLU in G and D. Default 0.2 (Radford et al. 2016). */
  leakySlope: number;
  /** Batch-norm momentum of the running statistics, Keras convention. Default 0.9 (PyTorch's 0.1). */
  batchNormMomentum: number;
  /** Standard deviation of the N(0, σ) weight init; class embeddings use N(0, 1) as PyTorch's nn.Embedding. Default 0.02 (Radford et al.). */
  initStd: number;
  /** D scores the class by projection, logit = ψ(φ(x)) + embed(y)·φ(x), instead of reading it as an extra image channel. Default false (Miyato & Koyama 2018). */
  projection: boolean;
  /** Spectral normalisation of every conv and dense kernel of D. Default false (Miyato et al. 2018; BigGAN). */
  spectralNorm: boolean;
  /** Conditional batch norm in G: per-class scale and shift from the class embedding. Default false (de Vries et al. 2017; BigGAN). */
  conditionalBatchNorm: boolean;
  /** Weight β of BigGAN's orthogonal regularisation of G's kernels; 0 = off. Default 0 (BigGAN: 1e-4). */
  orthogonalReg: number;
}

export const defaults: CganConfig = {
  latentDim: 100,
  numClasses: 10,
  embeddingDim: 50,
  imageSize: 28,
  channels: 3,
  ngf: 64,
  ndf: 64,
  kernelSize: 5,
  dropout: 0.3,
  leakySlope: 0.2,
  batchNormMomentum: 0.9,
  initStd: 0.02,
  projection: false,
  spectralNorm: false,
  conditionalBatchNorm: false,
  orthogonalReg: 0,
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
export const fieldDocs: Record<keyof CganConfig, string> = {
  latentDim: 'length of the noise vector z (default 100, Mirza & Osindero)',
  numClasses: 'number of classes, set from the data (default 10)',
  embeddingDim: 'length of the learned class embedding in G and D (default 50, the Keras conditional-DCGAN recipe)',
  imageSize: 'height and width of images, reached by doubling from 4..7 (default 28)',
  channels: 'image channels, 1 or 3 (default 3; set from the data)',
  ngf: 'generator width; the dense projection has ngf·2^u channels, 256 at 28px (default 64, the recipe)',
  ndf: 'discriminator width, doubled per layer (default 64, the recipe)',
  kernelSize: 'conv kernel size in G and D (default 5, the recipe)',
  dropout: 'dropout after each conv of D, 0 = off (default 0.3, the recipe)',
  leakySlope: 'LeakyReLU slope in G and D (default 0.2, Radford et al.)',
  batchNormMomentum: 'batch-norm running-statistics momentum, Keras convention (default 0.9 = PyTorch 0.1)',
  initStd: 'std of the N(0, σ) weight init; class embeddings N(0, 1) (default 0.02, Radford et al.)',
  projection: 'projection discriminator: logit = ψ(φ(x)) + embed(y)·φ(x) instead of the label channel (default false, Miyato & Koyama 2018)',
  spectralNorm: 'spectral normalisation of every kernel of D (default false, Miyato et al. 2018)',
  conditionalBatchNorm: 'conditional batch norm in G from the class embedding (default false, de Vries et al. 2017; BigGAN)',
  orthogonalReg: "weight β of BigGAN's orthogonal regularisation of G, 0 = off (default 0; BigGAN 1e-4)",
  batchSize: 'images per batch (default 64)',
  dSteps: 'D updates per G update (default 1)',
  lrG: 'generator Adam learning rate (default 2e-4, Radford et al.)',
  lrD: 'discriminator Adam learning rate (default 2e-4, Radford et al.)',
  beta1: 'Adam β1 (default 0.5, Radford et al.)',
  beta2: 'Adam β2 (default 0.999)',
  ema: 'decay of the generator weight EMA, 0 = off (default 0; 0.999 is common)',
  loss: 'minimax | non-saturating | wasserstein | hinge | least-squares (default non-saturating; SNGAN-projection and BigGAN use hinge)',
  gpWeight: 'gradient-penalty weight for wasserstein (default 10, Gulrajani et al.)',
};

/** The MNIST shape both digit presets and the bench config train. */
const digits: Partial<CganConfig> = { imageSize: 28, channels: 1, numClasses: 10 };

/**
 * The digit presets: G is the recipe's layout at half width with 4x4 kernels and batch 32 (a CPU run
 * gets through many more steps); D is a projection discriminator (Miyato & Koyama 2018) of the
 * recipe's width without dropout, with TTUR's faster D (Heusel et al. 2017: lrD = 2·lrG); G EMA 0.99.
 * On MNIST the recipe's label-channel D at this budget let D fall to chance by step 400 and the
 * samples drift between classes (88% class accuracy at step 424, 63% at 1124); the projection D
 * gave 100% at step 300 (packages/cgan/README.md, "Measured").
 */
const digitPreset: Partial<CganConfig> = { ...digits, ngf: 32, ndf: 64, kernelSize: 4, dropout: 0, projection: true, batchSize: 32, lrD: 4e-4, ema: 0.99 };

export const presets: Record<string, Preset<CganConfig>> = {
  mnist: {
    description: 'MNIST digits by class, 28x28x1: [z | embed(y)] -> 7x7x128 -> 7x7x64 -> 14x14x32 -> 28x28x1, 4x4 kernels; projection D 64, 128; batch 32, lrD 4e-4; G EMA 0.99',
    data: 'mnist',
    config: digitPreset,
  },
  'fashion-mnist': {
    description: 'Fashion-MNIST by class, 28x28x1, the same network as mnist',
    data: 'fashion-mnist',
    config: digitPreset,
  },
};

/** The standard benchmark configs (shared/bench/CONFIGS.md) this network builds exactly. */
export const benchmarks: Record<string, BenchmarkConfig<CganConfig>> = {
  'cgan-mnist28': {
    description: 'class-conditional DCGAN, z 100 + embedding 50, Dense 7x7x256, ConvT 128/64/1 k5; D: label map channel, Conv 64/128 k5 + dropout 0.3; BCE, Adam(2e-4, 0.5), batch 64',
    config: {
      ...digits,
      latentDim: 100,
      embeddingDim: 50,
      ngf: 64,
      ndf: 64,
      kernelSize: 5,
      dropout: 0.3,
      leakySlope: 0.2,
      projection: false,
      spectralNorm: false,
      conditionalBatchNorm: false,
      orthogonalReg: 0,
      loss: 'non-saturating',
      batchSize: 64,
    },
    image: { size: 28, channels: 1 },
    reference: ['cgan.py'],
  },
};

