// ganforge's replacement gradients against the same maths written with plain broadcasting ops.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';

const maxDiff = async (a: tf.Tensor, b: tf.Tensor) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [(await a.data()) as Float32Array, (await b.data()) as Float32Array];
  return x.reduce((m: number, v: number, i: number) => Math.max(m, Math.abs(v - y[i]!)), 0);
};

describe('FusedBatchNorm gradient', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it.each([
    ['NHWC with per-channel statistics', [3, 5, 4, 6]],
    ['[N, C] as after a dense layer', [7, 6]],
  ])('%s matches the plain-ops gradient for x, mean, variance, scale and offset', async (_name, shape) => {
    const before = tf.memory().numTensors;
    const c = shape.at(-1)!;
    const x = tf.randomNormal(shape, 0, 2, 'float32', 1);
    const params = [0.3, 1.5, 0.9, -0.2].map((m, i) => tf.tidy(() => tf.add(m, tf.randomUniform([c], 0, 0.5, 'float32', 10 + i))));
    const [mean, variance, scale, offset] = params as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    const r = tf.randomNormal(shape, 0, 1, 'float32', 2);
    const fused = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
      tf.sum(tf.mul(tf.batchNorm(a, m as tf.Tensor1D, v as tf.Tensor1D, o as tf.Tensor1D, s as tf.Tensor1D, 1e-3), r));
    const plain = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
      tf.sum(tf.mul(tf.add(tf.mul(tf.mul(tf.sub(a, m), tf.rsqrt(tf.add(v, 1e-3))), s), o), r));
    const expected = tf.grads(plain)([x, mean, variance, scale, offset]);
    const actual = tf.grads(fused)([x, mean, variance, scale, offset]);
    for (let i = 0; i < expected.length; i++) expect(await maxDiff(actual[i]!, expected[i]!)).toBeLessThan(1e-4);
    // The whole chain through tf.moments, as a training-mode batch-norm layer uses it.
    const throughMoments = (fn: typeof fused) => (a: tf.Tensor) => {
      const { mean: m, variance: v } = tf.moments(a, shape.map((_, i) => i).slice(0, -1));
      return fn(a, m, v, scale, offset);
    };
    const [chainExpected, chainActual] = [tf.grad(throughMoments(plain))(x), tf.grad(throughMoments(fused))(x)];
    expect(await maxDiff(chainActual, chainExpected)).toBeLessThan(1e-3);
    tf.dispose([x, r, ...params, ...expected, ...actual, chainExpected, chainActual]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('second-order gradients', () => {
  it('flow through LeakyReLU, as the WGAN-GP penalty needs', async () => {
    await initBackend({ backend: 'wasm' });
    const w = tf.variable(tf.tensor2d([[0.5, -1], [2, 0.3]]));
    const x = tf.tensor2d([[1, -2], [-0.5, 3]]);
    // d/dw ‖∂/∂x Σ leakyRelu(x·w)‖² against the same with leakyRelu written as max(x, 0.2x).
    const penalty = (act: (t: tf.Tensor) => tf.Tensor) => () => {
      const gx = tf.grad((input: tf.Tensor) => tf.sum(act(tf.matMul(input as tf.Tensor2D, w))))(x);
      return tf.sum(tf.square(gx)) as tf.Scalar;
    };
    const leaky = tf.variableGrads(penalty((t) => tf.leakyRelu(t, 0.2)), [w]);
    const plain = tf.variableGrads(penalty((t) => tf.maximum(t, tf.mul(t, 0.2))), [w]);
    expect(await maxDiff(leaky.grads[w.name]!, plain.grads[w.name]!)).toBeLessThan(1e-5);
    expect((await leaky.value.data())[0]).toBeCloseTo((await plain.value.data())[0]!, 5);
    tf.dispose([w, x, leaky.value, plain.value, ...Object.values(leaky.grads), ...Object.values(plain.grads)]);
  });
});
