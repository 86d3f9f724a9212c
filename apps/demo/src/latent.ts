/** Latent codes as the families and the CLI draw them, so a seed shows the same image everywhere. */
import * as tf from '@tensorflow/tfjs';

/**
 * z [count, dim] ~ N(0, I) from `seed`: `ganforge sample --seed s --count n` uses these codes.
 * tfjs treats seed 0 as "no seed" (a fresh random draw each call), so the page's seeds start at 1.
 * Caller disposes.
 */
export const latentCodes = (count: number, dim: number, seed: number): tf.Tensor2D =>
  tf.randomNormal([count, dim], 0, 1, 'float32', seed);

/**
 * Spherical interpolation (White 2016) from code `a` to `b` [1, D] at t in [0, 1], as `ganforge
 * interpolate` walks: Gaussian codes keep their typical norm along the path. [1, D]; caller disposes.
 */
export function slerp(a: Float32Array, b: Float32Array, t: number): tf.Tensor2D {
  const norm = (v: Float32Array) => Math.hypot(...v);
  const cosine = a.reduce((sum, x, i) => sum + x * b[i]!, 0) / (norm(a) * norm(b));
  const omega = Math.acos(Math.min(1, Math.max(-1, cosine)));
  const [wa, wb] = omega < 1e-6 ? [1 - t, t] : [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)];
  return tf.tensor2d(a.map((x, i) => wa * x + wb * b[i]!), [1, a.length]);
}

/** [z, one-hot(class)] for each class in `classes`, z from `seed`: the `class` input of an export. Caller disposes. */
export function classCodes(classes: number[], latentDim: number, numClasses: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.concat([latentCodes(classes.length, latentDim, seed), tf.oneHot(tf.tensor1d(classes, 'int32'), numClasses)], 1) as tf.Tensor2D);
}
