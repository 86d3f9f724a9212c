import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { orthogonalRegularization } from '../src/losses/index.js';

const value = async (t: tf.Scalar) => {
  const v = (await t.data())[0]!;
  t.dispose();
  return v;
};

describe('orthogonalRegularization (BigGAN)', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('matches ‖WᵀW ⊙ (1 − I)‖²_F by hand, ignores filter norms and rank-1 tensors, sums kernels', async () => {
    const orthogonal = tf.tensor2d([[2, 0], [0, 3]]); // orthogonal columns of any norm: 0
    // Columns a = (1, 1, 0), b = (1, 0, 2), c = (0, 1, 1): a·b = 1, a·c = 1, b·c = 2 -> 2·(1 + 1 + 4) = 12
    const skewed = tf.tensor2d([[1, 1, 0], [1, 0, 1], [0, 2, 1]]);
    const bias = tf.tensor1d([5, 6, 7]);
    // A conv kernel [1, 1, 2, 2] is the matrix [[1, 2], [3, 4]]: columns (1, 3), (2, 4), dot 14 -> 2·196 = 392
    const conv = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
    expect(await value(orthogonalRegularization([orthogonal]))).toBe(0);
    expect(await value(orthogonalRegularization([skewed, bias]))).toBeCloseTo(12, 5);
    expect(await value(orthogonalRegularization([conv]))).toBeCloseTo(392, 3);
    expect(await value(orthogonalRegularization([skewed, conv, orthogonal]))).toBeCloseTo(404, 3);
    expect(await value(orthogonalRegularization([bias]))).toBe(0);
    tf.dispose([orthogonal, skewed, bias, conv]);
  });

  it('gradient descent on it makes filters orthogonal, without leaks', async () => {
    const w = tf.variable(tf.tensor2d([[1, 1], [0.5, 1]]));
    const before = tf.memory().numTensors;
    const start = await value(orthogonalRegularization([w]));
    for (let i = 0; i < 20; i++) {
      const { value: loss, grads } = tf.variableGrads(() => orthogonalRegularization([w]), [w]);
      tf.tidy(() => w.assign(tf.sub(w, tf.mul(grads[w.name]!, 0.05))));
      tf.dispose([loss, ...Object.values(grads)]);
    }
    expect(await value(orthogonalRegularization([w]))).toBeLessThan(start / 10);
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });
});
