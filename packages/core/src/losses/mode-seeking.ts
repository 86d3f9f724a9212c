/**
 * The mode-seeking term of MSGAN (Mao, Lee, Tseng, Ma & Yang, CVPR 2019, eq. 3): two codes z₁, z₂
 * for the same condition should give images as far apart as the codes are, so G minimises
 *
 *   L_ms = 1 / (mean|G(z₁) − G(z₂)| / mean|z₁ − z₂| + ε),  ε = 1e-5
 *
 * with mean absolute differences, as the authors' code does. A collapsed G (same image for every z)
 * makes the ratio 0 and the term 1/ε, so its gradient pushes the images apart. The caller scales it
 * by λ (the paper's cGAN experiments: 1) and adds it to G's loss.
 */
import * as tf from '@tensorflow/tfjs';

/** ε of the paper's code. */
export const modeSeekingEpsilon = 1e-5;

/** 1 / (mean|imagesA − imagesB| / mean|codesA − codesB| + ε) for images of codes drawn for the same conditions. */
export const modeSeekingLoss = (imagesA: tf.Tensor, imagesB: tf.Tensor, codesA: tf.Tensor, codesB: tf.Tensor): tf.Scalar =>
  tf.tidy(() => {
    const ratio = tf.div(tf.mean(tf.abs(tf.sub(imagesA, imagesB))), tf.mean(tf.abs(tf.sub(codesA, codesB))));
    return tf.div(1, tf.add(ratio, modeSeekingEpsilon)) as tf.Scalar;
  });
