// Convolution kernels on webgpu (SwiftShader) against cpu: core's Conv2DBackpropFilter (tiled,
// split-K) and the kernels training runs with it (Conv2DBackpropInput, FusedConv2D with bias and
// LeakyReLU/ReLU), values and gradients, for thin, wide and odd shapes, strides and paddings.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2DBackpropFilter, splitCount } from '../src/backend/webgpu/conv2d-backprop-filter.js';
import { gpuWorkCounter } from '../src/backend/webgpu/work-counter.js';
import { mulberry32 } from '../src/random/rng.js';
import { onCpu, startWebGPU } from './webgpu-env.js';

/** Seeded values in [-1, 1) of `shape`, drawn in JavaScript (the same on every backend). */
function seeded(shape: number[], seed: number): tf.Tensor {
  const random = mulberry32(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * random() - 1), shape);
}

/** Largest error relative to the larger of |expected| and 1e-2 of expected's largest magnitude. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1e-2 * scale));
  return worst;
}

interface Case {
  x: [number, number, number, number];
  k: number;
  co: number;
  stride: number;
  pad: 'same' | 'valid' | number;
}

const cases: Case[] = [
  { x: [2, 16, 16, 3], k: 4, co: 8, stride: 2, pad: 1 }, // DCGAN's thin first layer: one tile, split-K
  { x: [1, 7, 5, 2], k: 3, co: 5, stride: 1, pad: 'valid' }, // odd sizes
  { x: [2, 9, 9, 1], k: 5, co: 3, stride: 2, pad: 'same' }, // one channel, odd input, 'same' with stride
  { x: [1, 6, 6, 70], k: 3, co: 66, stride: 1, pad: 'same' }, // wide: several tiles each way
];

/** Forward output and the gradients of Σ(out·w) for the case, on the active backend. */
async function convGradients(c: Case, fused: 'none' | 'relu' | 'leakyrelu'): Promise<Float32Array[]> {
  const out = tf.tidy(() => {
    const x = seeded(c.x, 1) as tf.Tensor4D;
    const filter = seeded([c.k, c.k, c.x[3], c.co], 2) as tf.Tensor4D;
    const bias = seeded([c.co], 3) as tf.Tensor1D;
    const f = (xi: tf.Tensor, fi: tf.Tensor, bi: tf.Tensor) => {
      const y = fused === 'none'
        ? tf.conv2d(xi as tf.Tensor4D, fi as tf.Tensor4D, c.stride, c.pad)
        : tf.fused.conv2d({ x: xi as tf.Tensor4D, filter: fi as tf.Tensor4D, bias: bi, strides: c.stride, pad: c.pad, activation: fused, leakyreluAlpha: 0.2 });
      return tf.sum(tf.mul(y, seeded(y.shape, 4)));
    };
    const grads = fused === 'none' ? tf.grads((xi: tf.Tensor, fi: tf.Tensor) => f(xi, fi, bias))([x, filter]) : tf.grads(f)([x, filter, bias]);
    const y = fused === 'none' ? tf.conv2d(x, filter, c.stride, c.pad) : tf.fused.conv2d({ x, filter, bias, strides: c.stride, pad: c.pad, activation: fused, leakyreluAlpha: 0.2 });
    return [y, ...grads];
  });
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(out);
  return values;
}

describe('webgpu convolution kernels', () => {
  beforeAll(async () => {
    await startWebGPU();
  });

  it("core's Conv2DBackpropFilter is the one registered, and splits the thin layer's reduction", () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'webgpu')?.kernelFunc).toBe(conv2DBackpropFilter);
    expect(splitCount(4 * 4 * 3, 64, 64 * 32 * 32)).toBeGreaterThan(100); // DCGAN-64's first D layer
    expect(splitCount(4 * 4 * 256, 512, 64 * 8 * 8)).toBe(2); // a wide layer: 64x8 tiles already
  });

  for (const c of cases) {
    it(`Conv2DBackpropFilter matches cpu for x=[${c.x}] k=${c.k} co=${c.co} stride=${c.stride} pad=${c.pad}, in one or two dispatches`, async () => {
      const run = async () => {
        const counter = gpuWorkCounter();
        const [x, dy] = tf.tidy(() => {
          const x = seeded(c.x, 5);
          const dyShape = tf.conv2d(x as tf.Tensor4D, tf.zeros([c.k, c.k, c.x[3], c.co]), c.stride, c.pad).shape;
          return [x, seeded(dyShape, 6)];
        });
        await Promise.all([x!.data(), dy!.data()]);
        const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [c.k, c.k, c.x[3], c.co] };
        const before = counter?.dispatches ?? 0;
        const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: x!, dy: dy! }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
        const dispatches = (counter?.dispatches ?? 0) - before;
        const values = (await dw.data()) as Float32Array;
        tf.dispose([x!, dy!, dw]);
        return { values, dispatches };
      };
      const expected = await onCpu(run);
      const before = tf.memory().numTensors;
      const actual = await run();
      expect(tf.memory().numTensors).toBe(before);
      expect(relativeError(actual.values, expected.values)).toBeLessThan(1e-4);
      expect(actual.dispatches).toBeGreaterThanOrEqual(1);
      expect(actual.dispatches).toBeLessThanOrEqual(2);
    });
  }

  for (const [c, fused] of [[cases[0]!, 'none'], [cases[1]!, 'leakyrelu'], [cases[2]!, 'relu'], [cases[3]!, 'leakyrelu']] as const) {
    it(`conv2d${fused === 'none' ? '' : ` + bias + ${fused} (FusedConv2D)`} forward and gradients match cpu for x=[${c.x}] k=${c.k} stride=${c.stride} pad=${c.pad}`, async () => {
      const expected = await onCpu(() => convGradients(c, fused));
      const actual = await convGradients(c, fused);
      actual.forEach((a, i) => expect(relativeError(a, expected[i]!), `output ${i}`).toBeLessThan(1e-4));
    });
  }
});
