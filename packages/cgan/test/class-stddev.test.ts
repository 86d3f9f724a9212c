import * as tf from '@tensorflow/tfjs';
import { useWasmBackend } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { classStddev } from '../src/layers/class-stddev.js';
import { createDiscriminator, defaults, oneHotClasses } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

const oneHot = (labels: number[], numClasses: number) => tf.tidy(() => oneHotClasses(tf.tensor1d(labels, 'int32'), numClasses));
/** The appended channel's value per image (constant over the map). */
const statOf = async (x: tf.Tensor4D, labels: number[], numClasses = 3) => {
  const y = oneHot(labels, numClasses);
  const out = classStddev(x, y);
  const [n, h, w, c] = x.shape;
  const stat = tf.tidy(() => tf.slice(out, [0, 0, 0, c], [n, h, w, 1]));
  const values = Array.from(await stat.data());
  tf.dispose([y, out, stat]);
  return Array.from({ length: n }, (_, i) => values.slice(i * h * w, (i + 1) * h * w));
};

describe('classStddev (within-class minibatch stddev)', () => {
  useWasmBackend();

  it('appends each image its own class spread: hand-computed values, constant over the map, without leaks', async () => {
    // [4, 1, 2, 1]: class 0 holds (0, 2) and (2, 2): stds per feature 1 and 0 -> mean (1 + 1e-4) / 2;
    // class 1 holds (5, 5) and (5, 5): 0 -> 1e-4; class 2 is empty.
    const x = tf.tensor4d([0, 2, 5, 5, 2, 2, 5, 5], [4, 1, 2, 1]);
    const before = tf.memory().numTensors;
    const stats = await statOf(x, [0, 1, 0, 1]);
    expect(tf.memory().numTensors).toBe(before);
    const std0 = (1 + Math.sqrt(1e-8)) / 2;
    for (const i of [0, 2]) for (const v of stats[i]!) expect(v).toBeCloseTo(std0, 5);
    for (const i of [1, 3]) for (const v of stats[i]!) expect(v).toBeCloseTo(1e-4, 5);
    x.dispose();
  });

  it('sees a class drawn one way that the pooled statistic misses', async () => {
    // Two classes far apart, each collapsed to one image: the pooled std is large, the class std ~0.
    const collapsed = tf.tensor4d([0, 0, 10, 10, 0, 0, 10, 10], [4, 1, 2, 1]);
    const varied = tf.tensor4d([-1, 1, 9, 11, 1, -1, 11, 9], [4, 1, 2, 1]);
    const labels = [0, 1, 0, 1];
    const [collapsedStat, variedStat] = [(await statOf(collapsed, labels))[0]![0]!, (await statOf(varied, labels))[0]![0]!];
    expect(collapsedStat).toBeLessThan(1e-3);
    expect(variedStat).toBeCloseTo(1, 3);
    tf.dispose([collapsed, varied]);
  });

  it('has the gradient of finite differences', async () => {
    const x = tf.tensor4d([0.3, -0.2, 0.5, 0.1, -0.4, 0.7, 0.2, 0.9, -0.1, 0.4, 0.6, -0.3], [6, 1, 2, 1]);
    const y = oneHot([0, 1, 0, 2, 1, 0], 3);
    const weights = tf.tensor4d([1, -2, 3, 0.5, -1, 2], [6, 1, 1, 1]);
    const f = (input: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(tf.slice(classStddev(input as tf.Tensor4D, y), [0, 0, 0, 1], [6, 1, 2, 1]), weights)) as tf.Scalar);
    const grad = tf.grad(f)(x);
    const analytic = Array.from(await grad.data());
    const base = Array.from(await x.data());
    const eps = 1e-2;
    for (let i = 0; i < base.length; i++) {
      const plus = tf.tensor4d(base.map((v, j) => (j === i ? v + eps : v)), x.shape);
      const minus = tf.tensor4d(base.map((v, j) => (j === i ? v - eps : v)), x.shape);
      const [fp, fm] = [f(plus), f(minus)];
      const numeric = ((await fp.data())[0]! - (await fm.data())[0]!) / (2 * eps);
      expect(analytic[i]).toBeCloseTo(numeric, 2);
      tf.dispose([plus, minus, fp, fm]);
    }
    tf.dispose([x, y, weights, grad]);
  });

  it('is part of D when classStddev is on: D answers to a collapsed class', async () => {
    const config = { ...defaults, ...tinyConfig, projection: true, classStddev: true };
    const discriminator = createDiscriminator(config, 1);
    expect(discriminator.layers.some((layer) => layer.name === 'class-stddev')).toBe(true);
    const labels = oneHot([0, 1, 0, 1, 2, 2], 3);
    const varied = tf.randomNormal([6, 8, 8, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    // Each class's images replaced by the class's first one: the same per-image content for images 0, 1, 4.
    const collapsed = tf.tidy(() => tf.gather(varied, [0, 1, 0, 1, 4, 4]));
    const [a, b] = [discriminator.predict([varied, labels]) as tf.Tensor, discriminator.predict([collapsed, labels]) as tf.Tensor];
    const [first, second] = [(await a.data())[0]!, (await b.data())[0]!];
    expect(Math.abs(first - second)).toBeGreaterThan(1e-4); // image 0 is the same in both batches; only its class's spread differs
    tf.dispose([labels, varied, collapsed, a, b]);
    discriminator.dispose();
  });
});
