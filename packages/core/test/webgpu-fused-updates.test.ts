// Core's fused Adam and EMA on webgpu (SwiftShader): one in-place dispatch per tensor, values within
// 1e-6 relative of the tensor-op versions on cpu, and tensors that share a weight's buffer untouched.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpuWorkCounter } from '../src/backend/webgpu/work-counter.js';
import { Adam } from '../src/optim/adam.js';
import { WeightAverage } from '../src/optim/ema.js';
import { mulberry32 } from '../src/random/rng.js';
import { maxRelativeError, onCpu, startWebGPU } from './webgpu-env.js';

/** Odd sizes, a scalar-like tensor and one past a 256-wide workgroup. */
const shapes = [[3, 5, 7, 2], [1], [513], [4, 4, 3, 8]];

/** Seeded values in [-scale, scale) of `shape`'s size, drawn in JavaScript (the same on every backend). */
const values = (shape: number[], seed: number, scale = 1): Float32Array => {
  const random = mulberry32(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (2 * random() - 1) * scale);
};

/** Runs three Adam steps from seeded weights and gradients on the active backend; returns weights and moments. */
async function adamRun(): Promise<{ w: Float32Array[]; state: Float32Array[]; dispatches: number[] }> {
  const variables = shapes.map((s, i) => tf.tidy(() => tf.variable(tf.tensor(values(s, i), s), true, `adam-w${i}`)));
  const adam = new Adam(variables, { learningRate: 0.01, beta1: 0.5, beta2: 0.999 });
  const counter = gpuWorkCounter();
  const dispatches: number[] = [];
  for (let step = 0; step < 3; step++) {
    // The last tensor gets no gradient at the second step: it must stay as it is.
    const grads: tf.NamedTensorMap = {};
    variables.forEach((w, i) => {
      if (!(step === 1 && i === shapes.length - 1)) grads[w.name] = tf.tensor(values(w.shape, 100 + 10 * step + i, 0.3), w.shape);
    });
    // Every buffer on the GPU first, so that the count below is the update's alone.
    await Promise.all(Object.values(grads).map((g) => g.data()));
    const before = counter?.dispatches ?? 0;
    adam.apply(grads);
    dispatches.push((counter?.dispatches ?? 0) - before);
    tf.dispose(Object.values(grads));
  }
  const w = await Promise.all(variables.map(async (v) => (await v.data()) as Float32Array));
  const state = await Promise.all(adam.stateTensors().map(async ({ tensor }) => (await tensor.data()) as Float32Array));
  adam.dispose();
  tf.dispose(variables);
  return { w, state, dispatches };
}

describe('fused Adam and EMA on webgpu', () => {
  beforeAll(async () => {
    await startWebGPU();
  });

  it('Adam: one dispatch per tensor with a gradient, weights and moments within 1e-6 of the cpu tensor ops, no leaks', async () => {
    const expected = await onCpu(adamRun);
    const before = tf.memory().numTensors;
    const actual = await adamRun();
    expect(tf.memory().numTensors).toBe(before);
    expect(actual.dispatches).toEqual([shapes.length, shapes.length - 1, shapes.length]);
    actual.w.forEach((w, i) => expect(maxRelativeError(w, expected.w[i]!), `weight ${i}`).toBeLessThan(1e-6));
    actual.state.forEach((s, i) => expect(maxRelativeError(s, expected.state[i]!), `moment ${i}`).toBeLessThan(1e-6));
    // The update moved the weights (the comparison is not between two unchanged copies).
    expect(maxRelativeError(actual.w[0]!, values(shapes[0]!, 0))).toBeGreaterThan(1e-3);
  });

  it('Adam leaves a tensor that shares a weight\'s buffer (a clone) as it was', async () => {
    const w = tf.tidy(() => tf.variable(tf.tensor(values([5, 3], 7), [5, 3]), true, 'shared-w'));
    const clone = w.clone(); // Identity: the same GPU buffer on webgpu
    const adam = new Adam([w], { learningRate: 0.1, beta1: 0.5, beta2: 0.999 });
    const g = tf.ones([5, 3]);
    adam.apply({ [w.name]: g });
    expect(maxRelativeError(await clone.data(), values([5, 3], 7))).toBe(0);
    expect(maxRelativeError(await w.data(), values([5, 3], 7))).toBeGreaterThan(1e-3);
    adam.dispose();
    tf.dispose([w, clone, g]);
  });

  it('EMA: one dispatch per trainable tensor, within 1e-6 of the cpu tensor ops, from a reset that shares buffers', async () => {
    const model = () => {
      const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [7], units: 5 }), tf.layers.batchNormalization()] });
      m.weights.forEach((w, i) => tf.tidy(() => {
        w.write(tf.tensor(values(w.shape as number[], 50 + i), w.shape as number[]));
      }));
      return m;
    };
    const run = async () => {
      const source = model();
      const shadow = model();
      const ema = new WeightAverage(source, shadow, 0.9);
      ema.reset();
      const counter = gpuWorkCounter();
      const dispatches: number[] = [];
      for (let step = 0; step < 2; step++) {
        source.trainableWeights.forEach((w, i) => tf.tidy(() => {
          w.write(tf.tensor(values(w.shape as number[], 200 + 10 * step + i), w.shape as number[]));
        }));
        await Promise.all(source.weights.map((w) => w.read().data()));
        const before = counter?.dispatches ?? 0;
        ema.update();
        dispatches.push((counter?.dispatches ?? 0) - before);
      }
      const result = await Promise.all(shadow.weights.map(async (w) => (await w.read().data()) as Float32Array));
      source.dispose();
      shadow.dispose();
      return { result, dispatches, trainable: source.trainableWeights.length };
    };
    const expected = await onCpu(run);
    const actual = await run();
    expect(actual.dispatches).toEqual([actual.trainable, actual.trainable]);
    actual.result.forEach((r, i) => expect(maxRelativeError(r, expected.result[i]!), `weight ${i}`).toBeLessThan(1e-6));
  });
});
