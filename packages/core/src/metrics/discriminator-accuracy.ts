/**
 * Discriminator accuracy on held-out real images and fresh fakes: the share of real images D
 * scores as real and of fakes it scores as fake. A GAN near its equilibrium sits near 50% on both
 * (D cannot tell); D near 100% means G is losing (or D memorised the training set: compare with
 * the training batches' dAccReal), near 0% on fakes means G fools it.
 */
import * as tf from '@tensorflow/tfjs';
import type { AdversarialLossName } from '../losses/adversarial.js';

/** D's logits for a batch of images and their labels (labels matter only to conditional D). */
export type Discriminate = (images: tf.Tensor4D, labels: tf.Tensor1D) => tf.Tensor;

/** A batch the accuracy is measured on: images in [-1, 1] and their class labels. The metric disposes both. */
export interface LabelledBatch {
  images: tf.Tensor4D;
  labels: tf.Tensor1D;
}

/** Accuracy on real and fake images, and their mean. */
export interface DiscriminatorAccuracy {
  /** Share of real images with a logit above the threshold. */
  real: number;
  /** Share of fakes with a logit at or below it. */
  fake: number;
  /** (real + fake) / 2: 0.5 at equilibrium. */
  mean: number;
  /** Images of each kind measured. */
  count: number;
  threshold: number;
}

/**
 * The logit separating "real" from "fake" for a loss: 0.5 for least squares (targets 1 and 0),
 * 0 otherwise (the sign of the logit for minimax, non-saturating and hinge). A Wasserstein critic
 * has no calibrated threshold; 0 is used and its accuracy only says on which side of 0 it scores.
 */
export const decisionThreshold = (loss: AdversarialLossName): number => (loss === 'least-squares' ? 0.5 : 0);

/**
 * D's accuracy over `count` real and `count` fake images, drawn `batchSize` at a time from the two
 * batch makers (each gets the index of its first image and the batch size).
 */
export async function discriminatorAccuracy(
  discriminate: Discriminate,
  real: (start: number, size: number) => LabelledBatch,
  fake: (start: number, size: number) => LabelledBatch,
  count: number,
  options: { batchSize?: number; threshold?: number } = {},
): Promise<DiscriminatorAccuracy> {
  const batchSize = options.batchSize ?? 250;
  const threshold = options.threshold ?? 0;
  if (!Number.isInteger(count) || count < 1) throw new Error(`discriminatorAccuracy needs a positive count of images; got ${count}`);
  let realCorrect = 0;
  let fakeCorrect = 0;
  const countCorrect = async (batch: LabelledBatch, isReal: boolean) => {
    const correct = tf.tidy(() => {
      const logits = tf.reshape(discriminate(batch.images, batch.labels), [batch.images.shape[0], -1]);
      const side = isReal ? tf.greater(logits, threshold) : tf.lessEqual(logits, threshold);
      return tf.sum(tf.cast(side, 'float32'));
    });
    tf.dispose([batch.images, batch.labels]);
    const value = (await correct.data())[0]!;
    correct.dispose();
    return value;
  };
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    realCorrect += await countCorrect(real(start, size), true);
    fakeCorrect += await countCorrect(fake(start, size), false);
  }
  return { real: realCorrect / count, fake: fakeCorrect / count, mean: (realCorrect + fakeCorrect) / (2 * count), count, threshold };
}
