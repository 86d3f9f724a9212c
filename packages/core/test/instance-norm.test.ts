import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { InstanceNorm } from '../src/layers/index.js';

/** Round trip through the tfjs serialization in memory. */
async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

const model = (affine: boolean) => {
  const m = tf.sequential();
  m.add(new InstanceNorm({ inputShape: [3, 4, 2], affine, name: 'in' }));
  return m;
};

describe('InstanceNorm', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('normalises every image and channel over H and W (hand-computed), the same in training and inference', async () => {
    const values = Array.from({ length: 2 * 3 * 4 * 2 }, (_, i) => Math.sin(i * 1.7) * (i % 5) + i / 7);
    const x = tf.tensor4d(values, [2, 3, 4, 2]);
    const m = model(false);
    const before = tf.memory().numTensors;
    const trainOut = m.apply(x, { training: true }) as tf.Tensor;
    const inferOut = m.apply(x, { training: false }) as tf.Tensor;
    const got = await trainOut.data();
    expect(Array.from(await inferOut.data())).toEqual(Array.from(got));
    for (let n = 0; n < 2; n++) {
      for (let c = 0; c < 2; c++) {
        const idx = Array.from({ length: 12 }, (_, p) => n * 24 + p * 2 + c);
        const v = idx.map((i) => values[i]!);
        const mean = v.reduce((a, b) => a + b, 0) / 12;
        const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / 12; // biased, as PyTorch
        idx.forEach((i, k) => expect(got[i]).toBeCloseTo((v[k]! - mean) / Math.sqrt(variance + 1e-5), 4));
      }
    }
    tf.dispose([trainOut, inferOut]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    m.dispose();
  });

  it('with affine, scales and shifts per channel; gradient matches finite differences', async () => {
    const m = model(true);
    const layer = m.getLayer('in');
    expect(layer.trainableWeights.map((w) => w.shape)).toEqual([[2], [2]]);
    layer.setWeights([tf.tensor1d([2, -1]), tf.tensor1d([0.5, 3])]);
    const x = tf.randomNormal([1, 3, 4, 2], 0, 1, 'float32', 4);
    const plain = model(false);
    const [y, z] = [m.predict(x) as tf.Tensor, plain.predict(x) as tf.Tensor];
    const [yv, zv] = [await y.data(), await z.data()];
    for (let i = 0; i < yv.length; i++) expect(yv[i]).toBeCloseTo(i % 2 === 0 ? 2 * zv[i]! + 0.5 : -zv[i]! + 3, 4);

    // d/dx Σ r·IN(x) against central differences on a few elements.
    const r = tf.randomNormal([1, 3, 4, 2], 0, 1, 'float32', 5);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(plain.apply(t) as tf.Tensor, r));
    const grad = tf.grad(f)(x);
    const g = await grad.data();
    const xv = Array.from(await x.data());
    for (const i of [0, 5, 13, 22]) {
      const shifted = async (d: number) => {
        const t = tf.tensor4d(xv.map((v, j) => (j === i ? v + d : v)), [1, 3, 4, 2]);
        const s = f(t);
        const value = (await s.data())[0]!;
        tf.dispose([t, s]);
        return value;
      };
      const numeric = ((await shifted(1e-2)) - (await shifted(-1e-2))) / 2e-2;
      expect(g[i]).toBeCloseTo(numeric, 2);
    }
    tf.dispose([x, y, z, r, grad]);
    m.dispose();
    plain.dispose();
  });

  // The op-by-op normalisation, the reference for the layer's own gradient.
  const reference = (t: tf.Tensor) => {
    const centred = tf.sub(t, tf.mean(t, [1, 2], true));
    return tf.mul(centred, tf.rsqrt(tf.add(tf.mean(tf.square(centred), [1, 2], true), 1e-5)));
  };
  const expectClose = async (a: tf.Tensor, b: tf.Tensor) => {
    const [av, bv] = [await a.data(), await b.data()];
    const scale = Math.max(...Array.from(bv, Math.abs));
    for (let i = 0; i < bv.length; i++) expect(Math.abs(av[i]! - bv[i]!)).toBeLessThan(1e-4 * scale);
  };

  it('trains through a gradient equal to the op-by-op form, keeping only y and 1/σ on the tape', async () => {
    const m = model(false);
    const x = tf.randomNormal([3, 5, 7, 2], 1, 2, 'float32', 7);
    const r = tf.randomNormal([3, 5, 7, 2], 0, 1, 'float32', 8);
    const before = tf.memory().numTensors;
    const added = { fused: 0, reference: 0 };
    const grad = (f: (t: tf.Tensor) => tf.Tensor, key: keyof typeof added) => tf.grad((t: tf.Tensor) => {
      const start = tf.memory().numTensors;
      const y = f(t);
      added[key] = tf.memory().numTensors - start;
      return tf.sum(tf.mul(tf.sin(y), r));
    })(x);
    const [fused, expected] = [grad((t) => m.apply(t) as tf.Tensor, 'fused'), grad(reference, 'reference')];
    await expectClose(fused, expected);
    expect(added.fused).toBeLessThanOrEqual(4); // y and r, each with the tape's saved copy
    expect(added.reference).toBeGreaterThanOrEqual(8);
    tf.dispose([fused, expected]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, r]);
    m.dispose();
  });

  it('differentiates twice under nested tapes (R1, gradient penalties)', async () => {
    const m = model(true);
    m.getLayer('in').setWeights([tf.tensor1d([1.5, -0.5]), tf.tensor1d([0.2, 0])]);
    const x = tf.randomNormal([2, 3, 4, 2], 0, 1, 'float32', 9);
    const w = tf.randomNormal([2, 3, 4, 2], 0, 1, 'float32', 10);
    const penalty = (f: (t: tf.Tensor) => tf.Tensor) => tf.grad((t: tf.Tensor) => {
      const inner = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(tf.sin(f(u)), w)))(t);
      return tf.sum(tf.square(inner));
    })(x);
    const gamma = tf.tensor1d([1.5, -0.5]);
    const [got, expected] = [penalty((t) => m.apply(t) as tf.Tensor), penalty((t) => tf.add(tf.mul(reference(t), gamma), tf.tensor1d([0.2, 0])))];
    await expectClose(got, expected);
    tf.dispose([x, w, gamma, got, expected]);
    m.dispose();
  });

  it('saves and loads with its config and weights', async () => {
    const m = model(true);
    m.getLayer('in').setWeights([tf.tensor1d([1.5, 0.5]), tf.tensor1d([-1, 1])]);
    const loaded = await roundTrip(m);
    expect(loaded.getLayer('in').getConfig()).toMatchObject({ affine: true, epsilon: 1e-5 });
    const x = tf.randomNormal([2, 3, 4, 2], 0, 1, 'float32', 6);
    const [a, b] = [m.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    m.dispose();
    loaded.dispose();
  });
});
