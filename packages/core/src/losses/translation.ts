/**
 * The GAN criterion of junyanz/pytorch-CycleGAN-and-pix2pix's `GANLoss`, which the image-to-image
 * families (pix2pix, CycleGAN) share.
 */
import * as tf from '@tensorflow/tfjs';

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
