/**
 * Conditional GAN config (Mirza & Osindero 2014, "Conditional Generative Adversarial Nets"), in the
 * label-embedding DCGAN recipe of the Keras/TensorFlow conditional-DCGAN examples, with BigGAN's
 * conditioning and stabilisers (Brock et al. 2019) and the projection discriminator (Miyato &
 * Koyama 2018) as switches.
 */
import { adversarialFields, choice, field, imageShapeFields, modeSeekingField, trainingFields, type BenchmarkConfig, type ConfigOf, type Preset } from '@ganforge/core';
import { augmentFields } from '@ganforge/core/augment';

/** Cgan's config, one field a line: default, meaning and source. */
export const fields = {
  latentDim: field(100, 'length of the noise vector z', 'Mirza & Osindero'),
  numClasses: field(10, 'number of classes, set from the data'),
  embeddingDim: field(50, 'length of the learned class embedding in G and D', 'the Keras conditional-DCGAN recipe'),
  imageSize: field(28, 'height and width of images, reached by doubling from 4..7'),
  ...imageShapeFields,
  channels: choice([1, 3] as const, 3, 'image channels, 1 or 3'),
  ngf: field(64, 'generator width; the dense projection has ngf·2^u channels, 256 at 28px', 'the recipe'),
  ndf: field(64, 'discriminator width, doubled per layer', 'the recipe'),
  kernelSize: field(5, 'conv kernel size in G and D', 'the recipe'),
  dropout: field(0.3, 'dropout after each conv of D, 0 = off', 'the recipe'),
  leakySlope: field(0.2, 'LeakyReLU slope in G and D', 'Radford et al.'),
  batchNormMomentum: field(0.9, 'batch-norm running-statistics momentum, Keras convention'),
  initStd: field(0.02, 'std of the N(0, σ) weight init; class embeddings N(0, 1)', 'Radford et al.'),
  projection: field(false, 'projection discriminator: logit = ψ(φ(x)) + embed(y)·φ(x) instead of the label channel', 'Miyato & Koyama 2018'),
  spectralNorm: field(false, 'spectral normalisation of every kernel of D', 'Miyato et al. 2018'),
  conditionalBatchNorm: field(false, 'conditional batch norm in G from the class embedding', 'de Vries et al. 2017; BigGAN'),
  classStddev: field(false, "minibatch standard deviation within each class, before D's last conv: D sees a class drawn one way", 'Karras et al. 2018, grouped by label'),
  matchingAware: field(false, 'D also sees real images under wrong labels as fakes, which holds G to the class asked for', 'Reed et al. 2016 (GAN-CLS)'),
  orthogonalReg: field(0, "weight β of BigGAN's orthogonal regularisation of G, 0 = off"),
  ...trainingFields({ batchSize: 64, lrG: 2e-4, lrD: 2e-4, beta1: 0.5, beta2: 0.999, ema: 0 }, { lrG: 'Radford et al.', lrD: 'Radford et al.', beta1: 'Radford et al.' }),
  ...adversarialFields({ loss: 'non-saturating', dSteps: 1, gpWeight: 10 }, { loss: 'SNGAN-projection and BigGAN use hinge', gpWeight: 'Gulrajani et al.' }),
  ...modeSeekingField,
  ...augmentFields,
};

/** Cgan's config (the fields above). */
export type CganConfig = ConfigOf<typeof fields>;

/** The MNIST shape both digit presets and the bench config train. */
const digits: Partial<CganConfig> = { imageSize: 28, channels: 1, numClasses: 10 };

/**
 * The digit presets: G is the recipe's layout at half width with 4x4 kernels and batch 32 (a CPU run
 * gets through many more steps); D is a projection discriminator (Miyato & Koyama 2018) of the
 * recipe's width without dropout, with TTUR's faster D (Heusel et al. 2017: lrD = 2·lrG); G EMA
 * 0.99. Against collapse inside a class, D's last conv sees the within-class standard deviation of
 * its batch (`classStddev`), and D also judges real images under wrong labels as fakes
 * (`matchingAware`, Reed et al. 2016), which holds G to the class asked for. With the projection D
 * alone every class collapsed to one drawing (recall 0.000 at 100% class accuracy); MSGAN's
 * mode-seeking term (Mao et al. 2019) spread the samples only by letting them drift between classes;
 * conditional batch norm, hinge loss with spectral norm and a pooled projection did not stop the
 * collapse (packages/cgan/README.md, "Which recipe").
 */
const digitPreset: Partial<CganConfig> = { ...digits, ngf: 32, ndf: 64, kernelSize: 4, dropout: 0, projection: true, classStddev: true, matchingAware: true, batchSize: 32, lrD: 4e-4, ema: 0.99 };

export const presets: Record<string, Preset<CganConfig>> = {
  mnist: {
    description: 'MNIST digits by class, 28x28x1: [z | embed(y)] -> 7x7x128 -> 7x7x64 -> 14x14x32 -> 28x28x1, 4x4 kernels; projection D 64, 128 with within-class stddev and matching-aware; batch 32, lrD 4e-4; G EMA 0.99',
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

