// LeakyReLU's gradient on webgpu (SwiftShader): one dispatch, values and second-order gradients
// as on cpu (where tfjs' own gradient runs).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpuWorkCounter } from '../src/backend/webgpu/work-counter.js';
import { mulberry32 } from '../src/random/rng.js';
import { maxRelativeError, onCpu, startWebGPU } from './webgpu-env.js';

/** Seeded values in [-1, 1) of `shape`, drawn in JavaScript (the same on every backend). */
function seeded(shape: number[], seed: number): tf.Tensor {
  const random = mulberry32(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * random() - 1), shape);
}

describe('LeakyReLU gradient on webgpu', () => {
  beforeAll(async () => {
    await startWebGPU();
  });

  it('matches cpu in one dispatch, for an odd shape', async () => {
    const run = async () => {
      const [x, dy] = [seeded([3, 7, 5, 9], 1), seeded([3, 7, 5, 9], 2)];
      await Promise.all([x.data(), dy.data()]);
      const counter = gpuWorkCounter();
      const before = counter?.dispatches ?? 0;
      const dx = tf.grad((input: tf.Tensor) => tf.leakyRelu(input, 0.2))(x, dy);
      const dispatches = (counter?.dispatches ?? 0) - before;
      const values = await dx.data();
      tf.dispose([x, dy, dx]);
      return { values, dispatches };
    };
    const expected = await onCpu(run);
    const actual = await run();
    expect(maxRelativeError(actual.values, expected.values)).toBe(0);
    // The forward LeakyRelu, then the gradient.
    expect(actual.dispatches).toBe(2);
  });

  it('second-order gradients (an R1-like penalty through two LeakyReLUs) match cpu', async () => {
    const run = async () => {
      const x = seeded([4, 6], 3);
      const w = seeded([4, 6], 4);
      const a = tf.variable(seeded([6], 5), true, `a-${tf.getBackend()}`);
      const { value, grads } = tf.variableGrads(() => {
        const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(w, tf.leakyRelu(tf.mul(a, tf.leakyRelu(input, 0.2)), 0.1))))(x);
        return tf.sum(tf.square(dx)) as tf.Scalar;
      }, [a]);
      const values = await grads[a.name]!.data();
      tf.dispose([x, w, a, value, ...Object.values(grads)]);
      return values;
    };
    const expected = await onCpu(run);
    const actual = await run();
    expect(maxRelativeError(actual, expected)).toBeLessThan(1e-5);
  });
});
