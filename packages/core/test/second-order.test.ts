// Second-order gradients (WGAN-GP, R1) through every op ProGAN's and StyleGAN's discriminators use,
// on the wasm backend with core's kernels, against central finite differences.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { minibatchStddev, pixelNorm, upsample2d } from '../src/layers/index.js';
import { gradientPenalty, r1Penalty } from '../src/losses/index.js';

/** Values of a tensor as a plain array (awaited, never dataSync). */
const values = async (t: tf.Tensor) => Array.from((await t.data()) as Float32Array);

/** Central differences of `f` at `base` along the coordinates `indices`. */
async function finiteDifferences(f: (x: tf.Tensor) => tf.Scalar, base: tf.Tensor, indices: number[], h: number): Promise<number[]> {
  const flat = (await base.data()) as Float32Array;
  const at = async (i: number, delta: number) => {
    const moved = Float32Array.from(flat);
    moved[i]! += delta;
    const y = tf.tidy(() => f(tf.tensor(moved, base.shape)));
    const [v] = await values(y);
    y.dispose();
    return v!;
  };
  const out: number[] = [];
  for (const i of indices) out.push(((await at(i, h)) - (await at(i, -h))) / (2 * h));
  return out;
}

/** Every k-th index of a tensor of `size` elements, offset so consecutive calls differ. */
const someIndices = (size: number, count: number, offset = 0) => Array.from({ length: count }, (_, j) => (offset + j * Math.floor(size / count)) % size);

const expectClose = (actual: number[], expected: number[], tolerance: number) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!)).toBeLessThan(tolerance * Math.max(1, Math.abs(expected[i]!))));
};

/**
 * Leaky ReLU is piecewise linear, so ∇ₓD jumps where a pre-activation crosses zero and a finite
 * difference across the kink is meaningless. Finite differences therefore run with the masks of
 * the unperturbed point frozen (the branch the analytic gradient differentiates); the analytic side
 * uses tf.leakyRelu itself.
 */
const leaky = { mode: 'op' as 'op' | 'record' | 'frozen', masks: [] as tf.Tensor[], next: 0 };
const leakyRelu = (z: tf.Tensor): tf.Tensor4D => {
  const k = leaky.next++;
  if (leaky.mode === 'frozen') return tf.where(leaky.masks[k]!, z, tf.mul(z, 0.2)) as tf.Tensor4D;
  if (leaky.mode === 'record') leaky.masks[k] = tf.keep(tf.greater(z, 0));
  return tf.leakyRelu(z, 0.2) as tf.Tensor4D;
};
/** Runs `f` at the base point recording masks, then returns `f` with those masks frozen. */
async function frozen(f: (x: tf.Tensor) => tf.Scalar, base: tf.Tensor): Promise<(x: tf.Tensor) => tf.Scalar> {
  tf.dispose(leaky.masks);
  Object.assign(leaky, { mode: 'record', masks: [], next: 0 });
  tf.dispose(f(base));
  leaky.mode = 'op';
  return (x: tf.Tensor) => {
    Object.assign(leaky, { mode: 'frozen', next: 0 });
    try {
      return f(x);
    } finally {
      leaky.mode = 'op';
    }
  };
}

/**
 * A tiny critic over [4, 4, 4, 1] images using every op of the ProGAN/StyleGAN discriminators and
 * the resizes of their generators: conv2d, leaky ReLU, avgPool, nearest and bilinear resize,
 * pixel norm (rsqrt of a mean), minibatch stddev (reshape, mean, sqrt, broadcast, concat), matMul.
 */
const critic = (w1: tf.Tensor, w2: tf.Tensor, w3: tf.Tensor) => (x: tf.Tensor4D): tf.Tensor => {
  leaky.next = 0;
  const h1 = leakyRelu(tf.conv2d(x, w1 as tf.Tensor4D, 1, 'same')); // [4, 4, 4, 3]
  const h2 = tf.avgPool(h1, 2, 2, 'valid'); // [4, 2, 2, 3]
  const h3 = tf.add(tf.image.resizeNearestNeighbor(h2, [4, 4]), upsample2d(tf.mul(h2, 0.5) as tf.Tensor4D, 2, 'bilinear')) as tf.Tensor4D; // [4, 4, 4, 3]
  const h4 = tf.avgPool(leakyRelu(tf.conv2d(h3, w2 as tf.Tensor4D, 1, 'same')), 2, 2, 'valid'); // [4, 2, 2, 3]
  const h5 = minibatchStddev(pixelNorm(h4) as tf.Tensor4D, 4); // [4, 2, 2, 4]
  return tf.matMul(tf.reshape(h5, [4, 16]), w3 as tf.Tensor2D); // [4, 1]
};

describe('second-order gradients on wasm', () => {
  let weights: tf.Tensor[];
  let real: tf.Tensor4D;
  let fake: tf.Tensor4D;
  let alpha: tf.Tensor4D;

  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
    weights = [
      tf.randomNormal([3, 3, 1, 3], 0, 0.7, 'float32', 1),
      tf.randomNormal([3, 3, 3, 3], 0, 0.5, 'float32', 2),
      tf.randomNormal([16, 1], 0, 0.5, 'float32', 3),
    ];
    real = tf.randomUniform([4, 4, 4, 1], -1, 1, 'float32', 4);
    fake = tf.randomUniform([4, 4, 4, 1], -1, 1, 'float32', 5);
    alpha = tf.randomUniform([4, 1, 1, 1], 0, 1, 'float32', 6);
  });

  it('∇ₓD matches finite differences, so the gradient-penalty and R1 values do', async () => {
    const [w1, w2, w3] = weights as [tf.Tensor, tf.Tensor, tf.Tensor];
    const d = critic(w1, w2, w3);
    const sumD = (x: tf.Tensor) => tf.sum(d(x as tf.Tensor4D)) as tf.Scalar;
    const gradient = tf.grad(sumD)(real);
    const numeric = await finiteDifferences(await frozen(sumD, real), real, someIndices(real.size, real.size), 1e-2);
    expectClose(await values(gradient), numeric, 2e-2);

    // R1 = mean_n ‖∇D(x_n)‖² and GP = mean_n (‖∇D(x̂_n)‖ - 1)² from the finite-difference gradients.
    const perExample = (g: number[]) => [0, 1, 2, 3].map((n) => g.slice(n * 16, (n + 1) * 16).reduce((s, v) => s + v * v, 0));
    const r1 = await values(r1Penalty(d, real));
    expect(r1[0]).toBeCloseTo(perExample(numeric).reduce((s, v) => s + v, 0) / 4, 2);
    const mixed = tf.tidy(() => tf.add(tf.mul(alpha, real), tf.mul(tf.sub(1, alpha), fake)));
    const mixedNumeric = await finiteDifferences(await frozen(sumD, mixed), mixed, someIndices(mixed.size, mixed.size), 1e-2);
    const gp = await values(gradientPenalty(d, real, fake, alpha));
    expect(gp[0]).toBeCloseTo(perExample(mixedNumeric).reduce((s, v) => s + (Math.sqrt(v) - 1) ** 2, 0) / 4, 2);
    tf.dispose([gradient, mixed, ...leaky.masks]);
    leaky.masks = [];
  });

  it.each([
    ['gradient penalty', (d: (x: tf.Tensor4D) => tf.Tensor) => gradientPenalty(d, real, fake, alpha)],
    ['R1', (d: (x: tf.Tensor4D) => tf.Tensor) => r1Penalty(d, real)],
  ])('d(%s)/dθ matches finite differences for every weight tensor, without leaks', async (_name, penalty) => {
    const before = tf.memory().numTensors;
    const loss = (w: tf.Tensor[]) => penalty(critic(w[0]!, w[1]!, w[2]!));
    const analytic = tf.grads((w1: tf.Tensor, w2: tf.Tensor, w3: tf.Tensor) => loss([w1, w2, w3]))(weights);
    for (let k = 0; k < weights.length; k++) {
      const indices = someIndices(weights[k]!.size, 6, k);
      const lossOf = (wk: tf.Tensor) => loss(weights.map((w, j) => (j === k ? wk : w)));
      const numeric = await finiteDifferences(await frozen(lossOf, weights[k]!), weights[k]!, indices, 1e-2);
      const all = await values(analytic[k]!);
      expectClose(indices.map((i) => all[i]!), numeric, 3e-2);
    }
    tf.dispose([...analytic, ...leaky.masks]);
    leaky.masks = [];
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the filter gradient (Conv2DBackpropFilter) is itself differentiable in x and dy', async () => {
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 7);
    const dy = tf.randomNormal([2, 3, 3, 3], 0, 1, 'float32', 8);
    const r = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 9);
    const filter = tf.zeros([3, 3, 2, 3]);
    // dW(x, dy) of a stride-2 'same' convolution, weighted by r: a bilinear form in x and dy.
    const form = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'), b)))(filter), r)) as tf.Scalar;
    const [gx, gdy] = tf.grads(form)([x, dy]);
    const xIndices = someIndices(x.size, 20);
    const gxAll = await values(gx!);
    expectClose(xIndices.map((i) => gxAll[i]!), await finiteDifferences((a) => form(a, dy), x, xIndices, 1e-2), 1e-2);
    expectClose(await values(gdy!), await finiteDifferences((b) => form(x, b), dy, someIndices(dy.size, dy.size), 1e-2), 1e-2);
    tf.dispose([x, dy, r, filter, gx!, gdy!]);
  });
});
