// Every kernel ganforge registers on wasm must agree with the pure-JS cpu backend.
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';

import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';

type Pad = 'same' | 'valid' | number;
interface ConvCase { x: [number, number, number, number]; k: number; cout: number; stride: number; pad: Pad }

const cases: ConvCase[] = [
  { x: [2, 8, 8, 3], k: 3, cout: 4, stride: 1, pad: 'same' },
  { x: [2, 8, 8, 3], k: 4, cout: 5, stride: 2, pad: 'same' },
  { x: [3, 9, 7, 2], k: 3, cout: 3, stride: 2, pad: 'valid' },
  { x: [1, 11, 11, 4], k: 5, cout: 2, stride: 3, pad: 'same' },
  { x: [2, 10, 10, 3], k: 4, cout: 6, stride: 2, pad: 1 },
  { x: [4, 6, 6, 1], k: 1, cout: 3, stride: 1, pad: 'valid' },
  { x: [2, 7, 7, 2], k: 3, cout: 2, stride: [1, 2] as unknown as number, pad: 'same' },
  { x: [2, 14, 14, 8], k: 4, cout: 16, stride: 2, pad: 'same' },
  { x: [1, 9, 9, 3], k: 2, cout: 4, stride: 3, pad: 'valid' },
  { x: [2, 12, 12, 2], k: 5, cout: 3, stride: 4, pad: 2 },
  // Input gradients whose cols matrix (dy rows x 7·7·64) is over 2^23 floats: two blocks of rows.
  { x: [1, 54, 54, 64], k: 7, cout: 1, stride: 1, pad: 'same' },
  { x: [1, 108, 108, 64], k: 7, cout: 1, stride: 2, pad: 'same' },
];

/** Deterministic pseudo-random values, identical on every backend. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

/** Gradients of sum(conv(x, w) * r) w.r.t. x and w, a transposed conv's filter gradient and its output. */
async function gradients(backend: string, c: ConvCase): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const cin = c.x[3];
  const x = tf.tensor4d(values(c.x.reduce((a, b) => a * b), 1), c.x);
  const w = tf.tensor4d(values(c.k * c.k * cin * c.cout, 2), [c.k, c.k, cin, c.cout]);
  const strides = c.stride as number | [number, number];
  const y = tf.conv2d(x, w, strides, c.pad);
  const r = tf.tensor(values(y.size, 3), y.shape);
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, c.pad), r)))([x, w]);
  // conv2dTranspose's filter gradient is Conv2DBackpropFilter with input and output swapped.
  const wt = tf.tensor4d(values(c.k * c.k * cin * c.cout, 4), [c.k, c.k, cin, c.cout]);
  const yt = tf.tensor4d(values(y.size, 5), y.shape as [number, number, number, number]);
  const dwt = tf.grad((b: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv2dTranspose(yt, b as tf.Tensor4D, c.x, strides, c.pad), x)))(wt);
  const transposed = tf.conv2dTranspose(yt, wt, c.x, strides, c.pad); // forward pass = Conv2DBackpropInput
  const out = [await dx!.data(), await dw!.data(), await dwt.data(), await transposed.data()] as Float32Array[];
  tf.dispose([x, w, y, r, dx!, dw!, wt, yt, dwt, transposed]);
  return out;
}

describe('wasm training kernels', () => {
  beforeAll(async () => {
    const report = await initBackend({ backend: 'wasm' });
    expect(report.backend).toBe('wasm');
    // Threaded wasm (worker_threads) runs on every core, up to the 8 workers the build spawns.
    expect(report.threads).toBe(Math.min(availableParallelism(), 8));
  });

  it('registers Conv2DBackpropFilter and the sub-pixel Conv2DBackpropInput on wasm', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc.name).toBe('conv2DBackpropInput');
  });

  it.each(cases)('conv gradients match cpu for x=$x k=$k stride=$stride pad=$pad', async (c) => {
    const expected = await gradients('cpu', c);
    const before = (await tf.setBackend('wasm'), tf.memory().numTensors);
    const actual = await gradients('wasm', c);
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < expected.length; i++) {
      const e = expected[i]!;
      const a = actual[i]!;
      expect(a.length).toBe(e.length);
      let maxDiff = 0;
      for (let j = 0; j < e.length; j++) maxDiff = Math.max(maxDiff, Math.abs(a[j]! - e[j]!));
      expect(maxDiff).toBeLessThan(1e-4);
    }
  });

  it('leaves no wasm buffers behind', async () => {
    await tf.setBackend('wasm');
    const c = cases[1]!;
    await gradients('wasm', c);
    const bytes = tf.memory().numBytes;
    const buffers = (tf.memory() as { numDataBuffers?: number }).numDataBuffers;
    await gradients('wasm', c);
    expect(tf.memory().numBytes).toBe(bytes);
    expect((tf.memory() as { numDataBuffers?: number }).numDataBuffers).toBe(buffers);
  });

  it.each([
    [[7, 5], [5, 3], false, false],
    [[7, 5], [3, 5], false, true],
    [[5, 7], [5, 3], true, false],
    [[5, 7], [3, 5], true, true],
    [[2, 5, 7], [2, 3, 5], true, true],
    [[2, 4, 6], [2, 6, 3], false, false],
  ] as const)('BatchMatMul %j x %j (transposeA %s, transposeB %s) matches cpu, through the fast untransposed path', async (aShape, bShape, transposeA, transposeB) => {
    const product = async (backend: string) => {
      await tf.setBackend(backend);
      const a = tf.tensor(values(aShape.reduce((p: number, q: number) => p * q, 1), 6), [...aShape]);
      const b = tf.tensor(values(bShape.reduce((p: number, q: number) => p * q, 1), 7), [...bShape]);
      const before = tf.memory().numTensors;
      const y = tf.matMul(a, b, transposeA, transposeB);
      const out = { shape: y.shape, data: await y.data(), leaked: tf.memory().numTensors - before - 1 };
      tf.dispose([a, b, y]);
      return out;
    };
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc.name).toBe('transposingBatchMatMul');
    const expected = await product('cpu');
    const actual = await product('wasm');
    expect(actual.shape).toEqual(expected.shape);
    expect(actual.leaked).toBe(0);
    actual.data.forEach((v, i) => expect(v).toBeCloseTo(expected.data[i]!, 5));
  });
  it.each([
    [[3, 5, 4, 6], [0, 1, 2], false],
    [[7, 6], [0], false],
    [[4, 3, 5], [1, 0], true],
    [[2, 9, 3, 1], [0, 1, 2], false],
    [[3, 5, 4], [1], false],
    [[3, 5, 4], [0, 1, 2], false],
  ] as const)('Sum and Mean of %j over axes %j (keepDims %s) match cpu, and equal the backend\'s transposing kernel bit for bit', async (shape, axes, keepDims) => {
    const reduce = async (backend: string) => {
      await tf.setBackend(backend);
      const x = tf.tensor(values(shape.reduce((p: number, q: number) => p * q, 1), 8).map((v) => v * 100), [...shape]);
      const before = tf.memory().numTensors;
      const sum = tf.sum(x, [...axes], keepDims);
      const mean = tf.mean(x, [...axes], keepDims);
      // The backend's own path: reduced axes moved last (in ascending order) by an explicit transpose, then reduced there.
      const rest = shape.map((_, i) => i).filter((i) => !(axes as readonly number[]).includes(i));
      const [stockSum, stockMean] = tf.tidy(() => {
        const moved = tf.transpose(x, [...rest, ...[...axes].sort()]);
        const last = axes.map((_, i) => rest.length + i);
        return [tf.reshape(tf.sum(moved, last), sum.shape), tf.reshape(tf.mean(moved, last), mean.shape)];
      });
      const out = { shape: sum.shape, sum: await sum.data(), mean: await mean.data(), stockSum: await stockSum.data(), stockMean: await stockMean.data() };
      tf.dispose([stockSum!, stockMean!]);
      expect(tf.memory().numTensors).toBe(before + 2);
      tf.dispose([x, sum, mean]);
      return out;
    };
    // The wasm side must run ganforge's reduction, or the comparison would be the backend against itself.
    for (const name of ['Sum', 'Mean']) expect(tf.getKernel(name, 'wasm')?.kernelFunc.name).toBe('leadingReduction');
    const expected = await reduce('cpu');
    const actual = await reduce('wasm');
    expect(actual.shape).toEqual(expected.shape);
    actual.sum.forEach((v, i) => expect(Math.abs(v - expected.sum[i]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected.sum[i]!))));
    actual.mean.forEach((v, i) => expect(Math.abs(v - expected.mean[i]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected.mean[i]!))));
    expect(actual.sum).toEqual(actual.stockSum);
    expect(actual.mean).toEqual(actual.stockMean);
  });
  it('clones (Identity) share the buffer, which outlives the original until the last reference goes', async () => {
    await tf.setBackend('wasm');
    const { numDataBuffers, numBytes } = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
    const x = tf.tensor(values(24, 9), [2, 3, 4]);
    const copy = tf.clone(x);
    expect((tf.memory() as { numDataBuffers: number }).numDataBuffers).toBe(numDataBuffers + 1);
    x.dispose();
    expect(await copy.data()).toEqual(values(24, 9));
    copy.dispose();
    expect(tf.memory().numBytes).toBe(numBytes);
    expect((tf.memory() as { numDataBuffers: number }).numDataBuffers).toBe(numDataBuffers);
  });
});
