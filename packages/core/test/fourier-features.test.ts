import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';
import { FourierFeatures, fourierFeatures } from '../src/layers/fourier-features.js';

describe('FourierFeatures', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('maps x to [sin 2πxB, cos 2πxB] on the last axis, any rank, without leaks', async () => {
    const layer = fourierFeatures({ features: 2, scale: 3, seed: 1 });
    const x = tf.tensor3d([[[0.25, 0], [0, 0.5]], [[1, 1], [0.1, -0.2]]]); // [2, 2, 2]
    layer.apply(x); // builds B [2, 2]
    const b = tf.tensor2d([[1, 0], [0, 2]]);
    layer.setWeights([b]);
    const before = tf.memory().numTensors;
    const y = layer.apply(x) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(y.shape).toEqual([2, 2, 4]);
    const values = await y.data();
    const points = [[0.25, 0], [0, 0.5], [1, 1], [0.1, -0.2]];
    points.forEach(([p, q], i) => {
      const angles = [2 * Math.PI * p!, 2 * Math.PI * 2 * q!];
      const expected = [Math.sin(angles[0]!), Math.sin(angles[1]!), Math.cos(angles[0]!), Math.cos(angles[1]!)];
      expected.forEach((e, j) => expect(values[i * 4 + j]).toBeCloseTo(e, 5));
    });
    expect(layer.computeOutputShape([null, 7, 2])).toEqual([null, 7, 4]);
    expect(layer.trainableWeights).toHaveLength(0);
    tf.dispose([x, b, y]);
  });

  it('draws N(0, scale²) frequencies, the same for the same seed', async () => {
    const frequencies = async (seed: number) => {
      const layer = new FourierFeatures({ features: 2000, scale: 3, seed });
      const x = tf.zeros([1, 2]);
      tf.dispose(layer.apply(x) as tf.Tensor);
      const values = Array.from(await layer.getWeights()[0]!.data());
      x.dispose();
      layer.dispose();
      return values;
    };
    const a = await frequencies(4);
    const std = Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    expect(std).toBeGreaterThan(2.8);
    expect(std).toBeLessThan(3.2);
    expect(await frequencies(4)).toEqual(a);
    expect(await frequencies(5)).not.toEqual(a);
  });

  it('passes the gradient 2π B cos(·) and -2π B sin(·) to its input', async () => {
    const layer = fourierFeatures({ features: 1, seed: 2 });
    const x = tf.tensor2d([[0.3, -0.7]]);
    layer.apply(x);
    layer.setWeights([tf.tensor2d([[1.5], [0.5]])]);
    const grad = tf.grad((v: tf.Tensor) => tf.sum(layer.apply(v) as tf.Tensor))(x);
    const angle = 2 * Math.PI * (0.3 * 1.5 - 0.7 * 0.5);
    const slope = 2 * Math.PI * (Math.cos(angle) - Math.sin(angle));
    const values = await grad.data();
    expect(values[0]).toBeCloseTo(1.5 * slope, 4);
    expect(values[1]).toBeCloseTo(0.5 * slope, 4);
    tf.dispose([x, grad]);
  });

  it('round-trips through save and load with the same frequencies and outputs', async () => {
    const model = tf.sequential();
    model.add(fourierFeatures({ inputShape: [2], features: 8, scale: 2, seed: 3 }));
    model.add(tf.layers.dense({ units: 1 }));
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([5, 2], 0, 1, 'float32', 6);
    const [a, b] = [model.predict(x), loaded.predict(x)] as tf.Tensor[];
    expect(Array.from(await b!.data())).toEqual(Array.from(await a!.data()));
    tf.dispose([x, a!, b!]);
    model.dispose();
    loaded.dispose();
  });
});
