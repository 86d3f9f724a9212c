/**
 * DCGAN config (Radford, Metz & Chintala 2016, "Unsupervised Representation Learning with Deep
 * Convolutional Generative Adversarial Networks"), as in pytorch/examples' dcgan.
 */
import {
  adversarialFields,
  choice,
  ConfigError,
  doublingPlan,
  field,
  formatShape,
  imageShapeFields,
  modeSeekingField,
  nearestSizesHint,
  topKFields,
  trainingFields,
  type BenchmarkConfig,
  type ConfigOf,
  type ImageSize,
  type Preset,
  type ResolutionPlan,
} from '@ganforge/core';
import { augmentFields } from '@ganforge/core/augment';

/** DCGAN's config, one field a line: default, meaning and source. */
export const fields = {
  topology: choice(
    ['radford', 'tf-tutorial'] as const,
    'radford',
    "network layout: 4x4 kernels doubling from 4..7 pixels (Radford et al.), or the TensorFlow DCGAN tutorial's MNIST network (image size a multiple of 4)",
  ),
  latentDim: field(100, 'length of the noise vector z', 'Radford et al.'),
  imageSize: field(64, 'height and width of images, a multiple of 4 reached by doubling from 4..7', 'Radford et al.'),
  ...imageShapeFields,
  channels: choice([1, 3] as const, 3, 'image channels; set from the data'),
  ngf: field(64, "generator width; the 4x4 layer has ngf*8 channels at 64px", "pytorch/examples; the paper's 1024 is 128"),
  ndf: field(64, 'discriminator width, doubled per layer', 'pytorch/examples'),
  batchNormMomentum: field(0.9, "batch-norm running-statistics momentum, Keras' convention", "PyTorch's 0.1"),
  leakySlope: field(0.2, 'LeakyReLU slope in D, and in G for tf-tutorial', 'Radford et al.; the tutorial uses 0.3'),
  initStd: field(0.02, 'std of the N(0, σ) weight init', 'Radford et al.'),
  ...trainingFields({ batchSize: 64, lrG: 2e-4, lrD: 2e-4, beta1: 0.5, beta2: 0.999, ema: 0 }, { batchSize: 'pytorch/examples; the paper used 128', lrG: 'Radford et al.', lrD: 'Radford et al.', beta1: 'Radford et al.', ema: '0.999 is common' }),
  ...adversarialFields({ loss: 'non-saturating', dSteps: 1, gpWeight: 10 }, { loss: 'BCE with real labels for G', gpWeight: 'Gulrajani et al.' }),
  ...modeSeekingField,
  ...topKFields,
  ...augmentFields,
};

/** DCGAN's config (the fields above). */
export type DcganConfig = ConfigOf<typeof fields>;

/** Network layout (see `fields.topology`). */
export type DcganTopology = DcganConfig['topology'];

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
    gpu: { wasmStepSeconds: 252, measured: '`ganforge bench --preset dcgan:celeba64 --backend wasm --steps 1 --warmup 1`, batch 64: 252.0 s, 2-core AMD EPYC VM, wasm on 2 threads, 2026-12-04, measured under load (load average 8-23 from other jobs)' },
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

/** Whether the tf-tutorial topology takes a shape: both sides multiples of 4, at least 8. */
const tutorialFits = ({ height, width }: ImageSize): boolean => [height, width].every((side) => Number.isInteger(side) && side % 4 === 0 && side >= 8);

/**
 * The generator's layout for a topology: radford halves both sides together until the shorter is
 * 4..7 pixels (core's doublingPlan: 64x64 starts at 4x4, 32x64 at 4x8); tf-tutorial starts at a
 * quarter of each side and doubles twice. Throws a one-line ConfigError naming the nearest sizes
 * that work for a shape the topology cannot reach.
 */
export function resolutionPlan(shape: ImageSize, topology: DcganTopology = 'radford'): ResolutionPlan {
  if (topology !== 'tf-tutorial') return doublingPlan(shape);
  if (!tutorialFits(shape)) {
    throw new ConfigError(`the tf-tutorial topology needs image sides that are multiples of 4 (at least 8), got ${formatShape(shape)}${nearestSizesHint(shape, tutorialFits)}`);
  }
  return { startHeight: shape.height / 4, startWidth: shape.width / 4, upsamples: 2 };
}
