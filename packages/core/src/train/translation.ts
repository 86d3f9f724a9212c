/**
 * Pieces the image-to-image families (pix2pix, CycleGAN) share, as junyanz/pytorch-CycleGAN-and-pix2pix
 * has them: the GAN criterion of its `GANLoss`, the linear learning-rate decay of its `linear`
 * policy, the random jitter and mirroring of its `get_transform`, done on tensors with seeded
 * noise so that a resumed run draws the same crops, and in-order batches for evaluation.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/dataset.js';
import { scaleLearningRates, type Adam } from './adam.js';

// ---- GAN criterion ------------------------------------------------------------------------------

/** The objectives junyanz's GANLoss offers without a penalty: vanilla (BCE with logits) and lsgan (MSE). */
export type TranslationGanLoss = 'non-saturating' | 'least-squares';
export const translationGanLosses: readonly TranslationGanLoss[] = ['non-saturating', 'least-squares'];

/**
 * Mean over every (patch) logit of the criterion against an all-real or all-fake target:
 * non-saturating (vanilla): real -log σ(x) = softplus(-x), fake -log(1 - σ(x)) = softplus(x);
 * least-squares (lsgan): real (x - 1)², fake x².
 * D minimises ½(criterion(real, true) + criterion(fake, false)); G minimises criterion(fake, true).
 */
export function ganCriterion(loss: TranslationGanLoss, logits: tf.Tensor, targetIsReal: boolean): tf.Scalar {
  return tf.tidy(() => {
    if (loss === 'least-squares') return tf.mean(tf.square(targetIsReal ? tf.sub(logits, 1) : logits));
    return tf.mean(tf.softplus(targetIsReal ? tf.neg(logits) : logits));
  });
}

/** D's loss: ½(criterion(real, true) + criterion(fake, false)) (junyanz's backward_D). */
export const translationDiscriminatorLoss = (loss: TranslationGanLoss, realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.mul(0.5, tf.add(ganCriterion(loss, realLogits, true), ganCriterion(loss, fakeLogits, false))));

// ---- learning-rate schedule ---------------------------------------------------------------------

/**
 * junyanz's `linear` policy counted in steps: the rate stays constant for `constantSteps`, then falls
 * linearly over `decaySteps`: factor(t) = 1 - max(0, t + 1 - constantSteps) / (decaySteps + 1),
 * clamped at 0, for step t from 0. decaySteps 0 keeps the rate constant.
 */
export function linearDecayFactor(step: number, constantSteps: number, decaySteps: number): number {
  if (decaySteps <= 0) return 1;
  return Math.max(0, 1 - Math.max(0, step + 1 - constantSteps) / (decaySteps + 1));
}

/** Sets both optimizers' rates for `step` from the config's base rates and the linear decay. */
export function applyLinearDecay(
  optimizers: { generator: Adam; discriminator: Adam },
  config: { lrG: number; lrD: number; lrConstantSteps: number; lrDecaySteps: number },
  step: number,
): number {
  const factor = linearDecayFactor(step, config.lrConstantSteps, config.lrDecaySteps);
  scaleLearningRates(optimizers, config, factor);
  return factor;
}

// ---- augmentation -------------------------------------------------------------------------------

/** How training images are jittered (Isola et al. 2017, Sec. 6.2). */
export interface JitterOptions {
  /** Images are resized by this factor, then cropped back at a random place: 286/256 in the paper; 1 = no jitter. */
  loadScale: number;
  /** Mirror left-right with probability ½. */
  flip: boolean;
}

/**
 * Random jitter and mirroring of a batch, the same for every channel of an image (concatenate an
 * input with its target to jitter a pair alike): bilinear resize to L = round(S·loadScale), a crop
 * of S x S at a random integer offset in 0..L-S, then a left-right flip where the noise says so.
 * (Crops are slices at offsets read from `noise`: the wasm backend's CropAndResize in tfjs 4.22
 * cropped the wrong region for the second box of a two-image batch where cpu got it right.)
 * @param images [N, S, S, C] (square)
 * @param noise [N, 3] uniform in [0, 1): crop row, crop column, flip (< 0.5 flips); e.g. from
 *   ctx.uniform(..., rngStreams.augment).
 * @returns [N, S, S, C]. Caller disposes `images`, `noise` and the result.
 */
export async function randomJitter(images: tf.Tensor4D, noise: tf.Tensor2D, options: JitterOptions): Promise<tf.Tensor4D> {
  const [n, size, width, channels] = images.shape;
  if (size !== width) throw new Error(`random jitter needs square images, got ${size}x${width}`);
  const load = Math.round(size * options.loadScale);
  if (!(load >= size)) throw new Error(`loadScale must be 1 or more (resize up, then crop), got ${options.loadScale}`);
  if (load === size && !options.flip) return tf.clone(images);
  const u = await noise.data();
  return tf.tidy(() => {
    const resized = load > size ? tf.image.resizeBilinear(images, [load, load], false, true) : images; // [N, L, L, C], half-pixel centres as PIL
    const crops = Array.from({ length: n }, (_, i) => {
      const row = Math.floor(u[3 * i]! * (load - size + 1));
      const col = Math.floor(u[3 * i + 1]! * (load - size + 1));
      const crop = tf.slice(resized, [i, row, col, 0], [1, size, size, channels]);
      return options.flip && u[3 * i + 2]! < 0.5 ? tf.reverse(crop, 2) : crop;
    });
    return tf.concat(crops, 0);
  });
}

// ---- evaluation batches -------------------------------------------------------------------------

/** Images start..start+count-1 of `dataset` as [count, H, W, C] in [-1, 1]. Caller disposes. */
export function datasetSlice(dataset: ImageDataset, start: number, count: number): tf.Tensor4D {
  const { height, width, channels } = dataset;
  const pixels = height * width * channels;
  const end = Math.min(dataset.count, start + count);
  const values = Float32Array.from(dataset.images.subarray(start * pixels, end * pixels), (v) => v / 127.5 - 1); // as BatchSource
  return tf.tensor4d(values, [end - start, height, width, channels]);
}
