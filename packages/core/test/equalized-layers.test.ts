// EqualizedDense and EqualizedConv2D: runtime He scaling, learning-rate multiplier, activations.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { EqualizedConv2D, EqualizedDense } from '../src/layers/index.js';
import { closeTo, roundTrip, values } from './karras-fixtures.js';

const std = (v: number[]) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
};

describe('equalized learning rate', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('EqualizedDense scales W by gain·λ/√fan_in and b by λ at run time: hand values', async () => {
    const layer = new EqualizedDense({ units: 1, gain: 2 });
    const x = tf.tensor2d([[1, 1], [1, -1]]);
    tf.dispose(layer.apply(x) as tf.Tensor); // builds
    layer.setWeights([tf.tensor2d([[1], [2]]), tf.tensor1d([0.5])]);
    const y = layer.apply(x) as tf.Tensor;
    // scale 2/√2 = √2: [3·√2 + 0.5, -1·√2 + 0.5]
    expect(closeTo(await values(y), [3 * Math.SQRT2 + 0.5, -Math.SQRT2 + 0.5])).toBe(true);

    // λ = 0.01: stored bias is biasInit/λ; lrelu with gain √2 scales negatives by 0.2·√2.
    const mapping = new EqualizedDense({ units: 1, gain: 1, lrMultiplier: 0.01, biasInit: 1, activation: 'lrelu', activationGain: Math.SQRT2 });
    tf.dispose(mapping.apply(x) as tf.Tensor);
    expect(await values(mapping.getWeights()[1]!)).toEqual([100]);
    mapping.setWeights([tf.tensor2d([[100], [-300]]), tf.tensor1d([100])]);
    const z = mapping.apply(x) as tf.Tensor;
    // scale 0.01/√2: pre-activations 1 + (100 - 300)·0.01/√2 = 1 - √2 and 1 + 400·0.01/√2 = 1 + 2√2.
    const pre = [1 - Math.SQRT2, 1 + 2 * Math.SQRT2];
    expect(closeTo(await values(z), pre.map((p) => (p > 0 ? p : 0.2 * p) * Math.SQRT2))).toBe(true);
    tf.dispose([x, y, z]);
    layer.dispose();
    mapping.dispose();
  });

  it('stores N(0, 1/λ) weights and keeps unit-variance inputs at variance gain² at init', async () => {
    const before = tf.memory().numTensors;
    const layer = new EqualizedDense({ units: 256, gain: 1, seed: 3 });
    const slow = new EqualizedDense({ units: 64, lrMultiplier: 0.01, seed: 4 });
    const x = tf.randomNormal([64, 512], 0, 1, 'float32', 5);
    const y = layer.apply(x) as tf.Tensor;
    const y2 = slow.apply(x) as tf.Tensor;
    expect(std(await values(layer.getWeights()[0]!))).toBeCloseTo(1, 1);
    expect(std(await values(slow.getWeights()[0]!)) / 100).toBeCloseTo(1, 1);
    expect(std(await values(y))).toBeCloseTo(1, 1);
    expect(std(await values(y2))).toBeCloseTo(Math.SQRT2, 1);
    tf.dispose([x, y, y2]);
    layer.dispose();
    slow.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('EqualizedConv2D scales by gain/√(k²·C_in): hand values for same and valid padding', async () => {
    const conv = new EqualizedConv2D({ filters: 1, kernelSize: 3, useBias: false });
    const x = tf.ones([1, 3, 3, 1]);
    tf.dispose(conv.apply(x) as tf.Tensor);
    conv.setWeights([tf.ones([3, 3, 1, 1])]);
    const y = conv.apply(x) as tf.Tensor;
    // scale √2/3; 'same' zero padding: corners see 4 ones, edges 6, the centre 9.
    const s = Math.SQRT2 / 3;
    expect(closeTo(await values(y), [4, 6, 4, 6, 9, 6, 4, 6, 4].map((n) => n * s))).toBe(true);
    const valid = new EqualizedConv2D({ filters: 2, kernelSize: 3, padding: 'valid', gain: 1 });
    const v = valid.apply(tf.ones([2, 4, 4, 3])) as tf.Tensor;
    expect(v.shape).toEqual([2, 2, 2, 2]);
    tf.dispose([x, y, v]);
    conv.dispose();
    valid.dispose();
  });

  it('survives a save/load round trip with every option', async () => {
    const input = tf.input({ shape: [4, 4, 2] });
    const conv = new EqualizedConv2D({ filters: 3, kernelSize: 3, lrMultiplier: 0.5, biasInit: 0.2, activation: 'lrelu', activationGain: 2, seed: 7 }).apply(input) as tf.SymbolicTensor;
    const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor;
    const out = new EqualizedDense({ units: 2, gain: 0.5, useBias: false, seed: 8 }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const loaded = await roundTrip(model);
    expect((loaded.layers[1] as EqualizedConv2D).options).toEqual((model.layers[1] as EqualizedConv2D).options);
    const x = tf.randomNormal([2, 4, 4, 2], 0, 1, 'float32', 9);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(await values(b)).toEqual(await values(a));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
