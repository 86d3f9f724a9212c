/**
 * The PatchGAN discriminator of pix2pix (Isola et al. 2017) and CycleGAN (Zhu et al. 2017), as
 * junyanz/pytorch-CycleGAN-and-pix2pix's NLayerDiscriminator and PixelDiscriminator: a fully
 * convolutional net whose every output logit judges one N x N patch of the input.
 *
 * nLayers 3 (default) judges 70x70 patches, nLayers 1 16x16 patches, nLayers 0 is the 1x1
 * "PixelGAN" (1x1 convolutions only). {@link patchReceptiveField} computes N from the layers.
 */
import * as tf from '@tensorflow/tfjs';
import { InstanceNorm } from '../layers/instance-norm.js';
import { deriveSeed, rngStreams } from '../random/rng.js';

/** Normalisation after every hidden convolution but the first. */
export type PatchNorm = 'batch' | 'instance' | 'none';

export interface PatchDiscriminatorOptions {
  /** Input [height, width, channels]; pix2pix concatenates input and output images (3 + 3 = 6 channels). */
  inputShape: [number, number, number];
  /** Channels of the first convolution, doubled per layer up to 8x. Default 64 (Isola et al.). */
  ndf?: number;
  /** Stride-2 convolutions: 3 = 70x70 patches (default), 1 = 16x16, 0 = 1x1 PixelGAN. */
  nLayers?: number;
  /** batch (pix2pix, default), instance (CycleGAN) or none. Convolutions followed by batch norm have no bias. */
  norm?: PatchNorm;
  /** Negative slope of the LeakyReLUs. Default 0.2 (Isola et al.). */
  leakySlope?: number;
  /** Standard deviation of the N(0, σ) weight init (batch-norm scales: N(1, σ)). Default 0.02 (Isola et al.). */
  initStd?: number;
  /** Batch-norm running-statistics momentum, Keras convention. Default 0.9 (PyTorch's 0.1). */
  batchNormMomentum?: number;
  /** Model name; also the prefix of its layer names. Default `discriminator`. */
  name?: string;
  /** Seed of the weights; the same seed and `network` give the same weights. */
  seed?: number;
  /** Tells apart networks built from one seed (e.g. CycleGAN's two discriminators). */
  network?: number;
}

/** One convolution of the chain: kernel, stride and output channels. */
interface PatchConv {
  kernel: number;
  stride: number;
  filters: number;
  /** Followed by the normalisation (else by nothing or LeakyReLU alone). */
  norm: boolean;
  /** Followed by LeakyReLU (all but the last). */
  activation: boolean;
}

/** The convolutions of a PatchGAN, in order (junyanz's NLayerDiscriminator / PixelDiscriminator). */
function patchConvs(ndf: number, nLayers: number): PatchConv[] {
  if (!Number.isInteger(nLayers) || nLayers < 0) throw new Error(`PatchGAN nLayers must be a whole number, 0 or more, got ${nLayers}`);
  if (nLayers === 0) {
    return [
      { kernel: 1, stride: 1, filters: ndf, norm: false, activation: true },
      { kernel: 1, stride: 1, filters: ndf * 2, norm: true, activation: true },
      { kernel: 1, stride: 1, filters: 1, norm: false, activation: false },
    ];
  }
  const width = (n: number) => ndf * Math.min(2 ** n, 8);
  const convs: PatchConv[] = [{ kernel: 4, stride: 2, filters: ndf, norm: false, activation: true }];
  for (let n = 1; n < nLayers; n++) convs.push({ kernel: 4, stride: 2, filters: width(n), norm: true, activation: true });
  convs.push({ kernel: 4, stride: 1, filters: width(nLayers), norm: true, activation: true });
  convs.push({ kernel: 4, stride: 1, filters: 1, norm: false, activation: false });
  return convs;
}

/** Receptive field of a chain of convolutions: r ← (r - 1)·stride + kernel, from the output back. */
export function receptiveFieldOf(convs: readonly { kernel: number; stride: number }[]): number {
  return convs.reduceRight((r, { kernel, stride }) => (r - 1) * stride + kernel, 1);
}

/** Side of the square input patch each output logit of an `nLayers` PatchGAN sees: 70 for 3, 16 for 1, 1 for 0. */
export const patchReceptiveField = (nLayers: number): number => receptiveFieldOf(patchConvs(1, nLayers));

/**
 * Receptive field of a built model made of a chain of 2-D convolutions (padding, normalisation and
 * activations do not change it), read from its conv layers' kernel sizes and strides.
 */
export function modelReceptiveField(model: tf.LayersModel): number {
  const convs = model.layers
    .filter((layer) => layer.getClassName() === 'Conv2D')
    .map((layer) => {
      const config = layer.getConfig() as { kernelSize: number[]; strides: number[] };
      if (config.kernelSize[0] !== config.kernelSize[1] || config.strides[0] !== config.strides[1]) {
        throw new Error(`layer ${layer.name} has a non-square kernel or stride; its receptive field is not one number`);
      }
      return { kernel: config.kernelSize[0]!, stride: config.strides[0]! };
    });
  return receptiveFieldOf(convs);
}

/**
 * A PatchGAN discriminator: images [N, H, W, C] -> logits [N, H', W', 1], one per patch (for
 * nLayers 3 at 256x256: 30x30 logits, each seeing 70x70 pixels).
 * Stride-2 4x4 convolutions pad by 1 (TensorFlow's `same` does exactly that for even sizes, so H
 * and W must be divisible by 2^nLayers); the two stride-1 4x4 convolutions pad by 1 explicitly, as
 * PyTorch's padding=1, and shrink the map by 1 each.
 */
export function createPatchDiscriminator(options: PatchDiscriminatorOptions): tf.LayersModel {
  const {
    inputShape,
    ndf = 64,
    nLayers = 3,
    norm = 'batch',
    leakySlope = 0.2,
    initStd = 0.02,
    batchNormMomentum = 0.9,
    name = 'discriminator',
    seed = 0,
    network = 0,
  } = options;
  const [height, width] = inputShape;
  const divisor = 2 ** nLayers;
  if (height % divisor !== 0 || width % divisor !== 0) {
    throw new Error(`a PatchGAN with nLayers ${nLayers} needs height and width divisible by ${divisor}, got ${height}x${width}`);
  }
  const convs = patchConvs(ndf, nLayers);
  let layerIndex = 0;
  const nextSeed = () => deriveSeed(seed, rngStreams.init, network, layerIndex++);

  const model = tf.sequential({ name });
  convs.forEach((conv, i) => {
    const first = i === 0;
    const id = `${name}-conv${i + 1}`;
    if (conv.kernel === 4 && conv.stride === 1) {
      model.add(tf.layers.zeroPadding2d({ name: `${id}-pad`, padding: 1, ...(first ? { inputShape } : {}) }));
    }
    const padded = conv.kernel === 4 && conv.stride === 1;
    model.add(tf.layers.conv2d({
      name: id,
      ...(first && !padded ? { inputShape } : {}),
      filters: conv.filters,
      kernelSize: conv.kernel,
      strides: conv.stride,
      padding: padded ? 'valid' : 'same',
      useBias: !(conv.norm && norm === 'batch'),
      kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: initStd, seed: nextSeed() }),
    }));
    if (conv.norm && norm === 'batch') {
      model.add(tf.layers.batchNormalization({
        name: `${id}-bn`,
        momentum: batchNormMomentum,
        epsilon: 1e-5,
        gammaInitializer: tf.initializers.randomNormal({ mean: 1, stddev: initStd, seed: nextSeed() }),
      }));
    } else if (conv.norm && norm === 'instance') {
      model.add(new InstanceNorm({ name: `${id}-in` }));
    }
    if (conv.activation) model.add(tf.layers.leakyReLU({ name: `${id}-lrelu`, alpha: leakySlope }));
  });
  return model;
}
