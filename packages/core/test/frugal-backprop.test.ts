// Frugal backprop frees each tape node's tensors once done; gradients must not change.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { ReflectionPad2d } from '../src/layers/index.js';

/**
 * Convolutions (reflection padding: a custom-gradient op) and a dense layer, deep enough that
 * holding every tensor shows in the peak.
 */
function network(): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotNormal({ seed });
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 8, kernelSize: 3, padding: 'same', kernelInitializer: init(1) }));
  for (let i = 0; i < 6; i++) {
    m.add(tf.layers.leakyReLU({ alpha: 0.2 }));
    m.add(new ReflectionPad2d({ padding: 1 }));
    m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, kernelInitializer: init(2 + i) }));
  }
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 1, kernelInitializer: init(9) }));
  return m;
}

/** Values of tensors as plain arrays (awaited, never dataSync). */
const values = async (ts: tf.Tensor[]) => Promise.all(ts.map(async (t) => Array.from(await t.data())));

describe('frugal backprop', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('gives the gradients of stock tfjs bit for bit, with a lower peak and no leaks', async () => {
    const net = network();
    const x = tf.randomNormal([4, 16, 16, 3], 0, 1, 'float32', 3);
    let forwardBytes = 0; // live bytes when the forward pass ends, the backward pass begins
    const loss = () => {
      const value = tf.mean(tf.square(net.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar;
      forwardBytes = tf.memory().numBytes;
      return value;
    };
    const before = tf.memory().numTensors;
    let frugalGrads: tf.Tensor[] = [];
    // tf.profile returns the engine's one profile record, which the next profile overwrites.
    const frugalPeak = (await tf.profile(() => {
      const { value, grads } = tf.variableGrads(loss);
      value.dispose();
      frugalGrads = Object.values(grads);
    })).peakBytes;
    const frugalForwardBytes = forwardBytes;
    // Under an enclosing tape tfjs runs unchanged: the stock reference, same kernels.
    let stockGrads: tf.Tensor[] = [];
    const stockPeak = (await tf.profile(() => {
      const one = tf.scalar(1);
      tf.dispose(tf.grad((t: tf.Tensor) => {
        stockGrads = Object.values(tf.variableGrads(loss).grads).map((g) => tf.keep(g));
        return tf.mul(t, 0);
      })(one));
      one.dispose();
    })).peakBytes;
    expect(await values(frugalGrads)).toEqual(await values(stockGrads));
    // Stock tfjs adds a gradient for every saved tensor while keeping them all: its peak here is
    // 3.8x the live bytes at the end of the forward pass, frugal backprop's 2.2x.
    expect(frugalPeak).toBeLessThan(3 * frugalForwardBytes);
    expect(frugalPeak).toBeLessThan(stockPeak);
    tf.dispose([...frugalGrads, ...stockGrads]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    net.dispose();
  });

  it('keeps the caller\'s seed gradient and gradients handed through unchanged', async () => {
    // A custom op whose gradient is its dy itself, used twice: the input's gradient is that dy, twice.
    const passThrough = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
      value: tf.mul(args[0] as tf.Tensor, 1),
      gradFunc: (dy: tf.Tensor) => dy,
    }));
    const x = tf.tensor1d([1, -2, 3]);
    const seed = tf.tensor1d([0.5, 1, 2]);
    const before = tf.memory().numTensors;
    const f = (t: tf.Tensor) => tf.add(tf.square(passThrough(t) as tf.Tensor), passThrough(t) as tf.Tensor);
    const g = tf.grad(f)(x, seed);
    expect(Array.from(await g.data())).toEqual([0.5 * 3, 1 * -3, 2 * 7]); // seed · (2x + 1)
    expect(Array.from(await seed.data())).toEqual([0.5, 1, 2]);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, seed]);
  });

  it('leaves second-order gradients as tfjs computes them (R1-style penalty)', async () => {
    const x = tf.tensor1d([0.3, -1.2, 2]);
    const penalty = (t: tf.Tensor) => tf.sum(tf.square(tf.grad((u: tf.Tensor) => tf.sum(tf.mul(tf.sin(u), tf.square(u))))(t)));
    const g = tf.grad(penalty)(x);
    // d/dx (sin x · x²)' ² = 2 f'(x) f''(x), f' = cos x · x² + 2x sin x, f'' = -sin x · x² + 4x cos x + 2 sin x.
    const expected = [0.3, -1.2, 2].map((v) => {
      const d1 = Math.cos(v) * v * v + 2 * v * Math.sin(v);
      const d2 = -Math.sin(v) * v * v + 4 * v * Math.cos(v) + 2 * Math.sin(v);
      return 2 * d1 * d2;
    });
    (await g.data()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    tf.dispose([x, g]);
  });
});
