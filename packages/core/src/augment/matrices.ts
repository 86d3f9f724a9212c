/**
 * Per-image homogeneous matrices for ADA's geometric and colour groups, built from [N] tensors of
 * parameters, and the per-image coin flips that switch each transform on with probability p.
 */
import * as tf from '@tensorflow/tfjs';
import type { AugmentRandom } from './random.js';

/** An entry of a matrix batch: a constant, or one value per image ([N]). */
export type Entry = number | tf.Tensor1D;

/** [N, R, K] from R rows of K entries each. */
export function matrixBatch(n: number, rows: Entry[][]): tf.Tensor3D {
  return tf.tidy(() => {
    const entries = rows.flat().map((e) => (typeof e === 'number' ? tf.fill([n], e) : e));
    return tf.reshape(tf.stack(entries, 1), [n, rows.length, rows[0]!.length]) as tf.Tensor3D;
  });
}

/** The identity, [N, size, size]. */
export const identityBatch = (n: number, size: number): tf.Tensor3D =>
  tf.tidy(() => tf.tile(tf.expandDims(tf.eye(size), 0), [n, 1, 1]) as tf.Tensor3D);

/**
 * `value` where a fresh uniform draw is below p, else `neutral`: the transform applies to each image
 * independently with probability p (ADA's non-leaking condition: for p < 1 every image still has a
 * chance of being seen as it is). `value` is [N], or [N, k] with one coin per image for its k values.
 */
export function withProbability(random: AugmentRandom, p: number, value: tf.Tensor, neutral: number): tf.Tensor {
  return tf.tidy(() => {
    const coin = random.uniform([value.shape[0]!, ...(value.rank === 2 ? [1] : [])]);
    return tf.where(tf.less(coin, p), value, tf.fill(value.shape, neutral));
  });
}

/** Batched product a·b of [N, k, k] matrices. */
export const compose = (a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D => tf.matMul(a, b);
