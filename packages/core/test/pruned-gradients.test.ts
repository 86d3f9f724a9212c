// Conv2D and Dense under a gradient tape: the same values and gradients as tfjs' own fused ops,
// bit for bit, without computing gradients nobody asked for.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';

const kernelsRun = async (f: () => tf.Tensor | tf.Tensor[]): Promise<string[]> => {
  let kept: tf.Tensor[] = [];
  const profile = await tf.profile(() => {
    const out = f();
    kept = Array.isArray(out) ? out : [out];
    return kept;
  });
  tf.dispose(kept);
  return profile.kernels.map((k) => k.name);
};

const layersUnderTest = () => {
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', useBias: true, biasInitializer: 'randomNormal' });
  const convNoBias = tf.layers.conv2d({ filters: 5, kernelSize: 2, padding: 'valid', useBias: false });
  const dense = tf.layers.dense({ units: 3, biasInitializer: 'randomNormal' });
  conv.build([2, 7, 7, 3]);
  convNoBias.build([2, 4, 4, 4]);
  dense.build([2, 45]);
  return { conv, convNoBias, dense };
};

type Layers = ReturnType<typeof layersUnderTest>;

/** The network through the layers (patched), or through tfjs' fused ops directly (their own customGrad gradients). */
const forward = (layers: Layers, x: tf.Tensor4D, viaLayers: boolean): tf.Scalar => {
  const { conv, convNoBias, dense } = layers;
  const [k1, b1] = conv.getWeights() as [tf.Tensor4D, tf.Tensor1D];
  const [k2] = convNoBias.getWeights() as [tf.Tensor4D];
  const [k3, b3] = dense.getWeights() as [tf.Tensor2D, tf.Tensor1D];
  let h: tf.Tensor = viaLayers ? (conv.apply(x) as tf.Tensor) : tf.fused.conv2d({ x, filter: k1, bias: b1, strides: 2, pad: 'same' });
  h = tf.leakyRelu(h, 0.2);
  h = viaLayers ? (convNoBias.apply(h) as tf.Tensor) : tf.fused.conv2d({ x: h as tf.Tensor4D, filter: k2, strides: 1, pad: 'valid' });
  h = tf.reshape(h, [x.shape[0], -1]);
  h = viaLayers ? (dense.apply(h) as tf.Tensor) : tf.fused.matMul({ a: h as tf.Tensor2D, b: k3, bias: b3 });
  return tf.sum(tf.square(h));
};

describe('pruned layer gradients', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm', threads: 1 });
  });

  it('give bit-identical values and weight and input gradients to tfjs fused ops', async () => {
    const layers = layersUnderTest();
    const x = tf.randomNormal([2, 7, 7, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const weights = Object.values(layers).flatMap((layer) => layer.trainableWeights.map((w) => w.read() as tf.Variable));
    const patched = tf.variableGrads(() => forward(layers, x, true), weights);
    const stock = tf.variableGrads(() => forward(layers, x, false), weights);
    expect(await patched.value.data()).toEqual(await stock.value.data());
    for (const w of weights) expect(await patched.grads[w.name]!.data()).toEqual(await stock.grads[w.name]!.data());
    const [inputPatched, inputStock] = [tf.grad((input: tf.Tensor) => forward(layers, input as tf.Tensor4D, true))(x), tf.grad((input: tf.Tensor) => forward(layers, input as tf.Tensor4D, false))(x)];
    expect(await inputPatched.data()).toEqual(await inputStock.data());
    tf.dispose([patched.value, stock.value, ...Object.values(patched.grads), ...Object.values(stock.grads), inputPatched, inputStock]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
  });

  it('skip weight gradients when only the input gradient is asked for, and the input gradient of data', async () => {
    const layers = layersUnderTest();
    const x = tf.randomNormal([2, 7, 7, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    // As in a G update through D: the gradient reaches the input, D's weights are not variables.
    const inputOnly = await kernelsRun(() => tf.grad((input: tf.Tensor) => forward(layers, input as tf.Tensor4D, true))(x));
    expect(inputOnly.filter((k) => k === 'Conv2DBackpropFilter')).toEqual([]);
    expect(inputOnly.filter((k) => k === 'Conv2DBackpropInput')).toHaveLength(2);
    expect(inputOnly.filter((k) => k === 'BatchMatMul')).toHaveLength(1); // dense: dA only
    // tfjs' own fused ops compute all of them.
    const stockInputOnly = await kernelsRun(() => tf.grad((input: tf.Tensor) => forward(layers, input as tf.Tensor4D, false))(x));
    expect(stockInputOnly.filter((k) => k === 'Conv2DBackpropFilter')).toHaveLength(2);
    // As in a D update: weights are variables, the images are not, so the first layer's input gradient is skipped.
    const weights = Object.values(layers).flatMap((layer) => layer.trainableWeights.map((w) => w.read() as tf.Variable));
    const weightsOnly = await kernelsRun(() => {
      const { value, grads } = tf.variableGrads(() => forward(layers, x, true), weights);
      return [value, ...Object.values(grads)];
    });
    expect(weightsOnly.filter((k) => k === 'Conv2DBackpropFilter')).toHaveLength(2);
    expect(weightsOnly.filter((k) => k === 'Conv2DBackpropInput')).toHaveLength(1);
    tf.dispose(x);
  });

  it('leave second-order gradients (R1 through a conv layer) equal to the fused ops', async () => {
    const layers = layersUnderTest();
    const x = tf.randomNormal([2, 7, 7, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const weights = Object.values(layers).flatMap((layer) => layer.trainableWeights.map((w) => w.read() as tf.Variable));
    const r1 = (viaLayers: boolean) => () => tf.sum(tf.square(tf.grad((input: tf.Tensor) => forward(layers, input as tf.Tensor4D, viaLayers))(x))) as tf.Scalar;
    const patched = tf.variableGrads(r1(true), weights);
    const stock = tf.variableGrads(r1(false), weights);
    expect(await patched.value.data()).toEqual(await stock.value.data());
    for (const w of weights) {
      const [p, s] = [await patched.grads[w.name]!.data(), await stock.grads[w.name]!.data()];
      const scale = Math.max(...s.map(Math.abs));
      expect(Math.max(...p.map((v, i) => Math.abs(v - s[i]!)))).toBeLessThan(1e-5 * scale);
    }
    tf.dispose([x, patched.value, stock.value, ...Object.values(patched.grads), ...Object.values(stock.grads)]);
  });

  it('run the layers own code outside a tape and for non-linear activations', async () => {
    const x = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
    const relu = tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'relu' });
    relu.build(x.shape);
    const [k, b] = relu.getWeights() as [tf.Tensor4D, tf.Tensor1D];
    const inTape = tf.grad((input: tf.Tensor) => tf.sum(relu.apply(input) as tf.Tensor))(x);
    const expected = tf.grad((input: tf.Tensor) => tf.sum(tf.relu(tf.add(tf.conv2d(input as tf.Tensor4D, k, 1, 'valid'), b))))(x);
    expect(await inTape.data()).toEqual(await expected.data());
    const outside = relu.apply(x) as tf.Tensor;
    const fusedOutside = tf.fused.conv2d({ x, filter: k, bias: b, strides: 1, pad: 'valid', activation: 'relu' });
    expect(await outside.data()).toEqual(await fusedOutside.data());
    tf.dispose([x, inTape, expected, outside, fusedOutside]);
  });
});
