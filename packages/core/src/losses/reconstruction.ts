/** Reconstruction losses between two images of the same shape: scalar means. */
import * as tf from '@tensorflow/tfjs';

/** Mean absolute error, ‖a - b‖₁ / n (pix2pix's L1 term, CycleGAN's cycle and identity terms). */
export const l1Loss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.tidy(() => tf.mean(tf.abs(tf.sub(a, b))));

/** Mean squared error, ‖a - b‖₂² / n. */
export const l2Loss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.tidy(() => tf.mean(tf.square(tf.sub(a, b))));
