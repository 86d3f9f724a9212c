import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { spectralNorm, type SpectralNorm } from '../src/layers/index.js';

// M = [[3, 0], [0, 1], [1, 1]]: MᵀM = [[10, 1], [1, 2]], eigenvalues 6 ± √17, so σ(M) = √(6 + √17).
const M = [[3, 0], [0, 1], [1, 1]];
const sigmaMax = (m: number[][]): number => {
  const a = m.reduce((s, r) => s + r[0]! * r[0]!, 0);
  const b = m.reduce((s, r) => s + r[0]! * r[1]!, 0);
  const d = m.reduce((s, r) => s + r[1]! * r[1]!, 0);
  return Math.sqrt((a + d) / 2 + Math.sqrt(((a - d) / 2) ** 2 + b * b));
};

/** A dense 3 -> 2 layer with kernel M and zero bias, wrapped in spectral norm. */
function denseModel(seed = 1): { model: tf.Sequential; layer: SpectralNorm } {
  const layer = spectralNorm({ layer: tf.layers.dense({ units: 2, name: 'inner' }), inputShape: [3], seed, name: 'sn' });
  const model = tf.sequential({ layers: [layer] });
  tf.tidy(() => model.setWeights([tf.tensor2d(M), tf.zeros([2]), tf.tensor2d([[1, -0.5]])]));
  return { model, layer };
}

const scalar = async (t: tf.Tensor): Promise<number> => {
  const v = (await t.data())[0]!;
  t.dispose();
  return v;
};

describe('SpectralNorm', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('power iteration converges to the largest singular value, and the layer computes x·M/σ', async () => {
    const { model, layer } = denseModel();
    const exact = sigmaMax(M);
    expect(exact).toBeCloseTo(Math.sqrt(6 + Math.sqrt(17)), 12);
    const x = tf.eye(3);
    const fresh = await scalar(layer.sigmaEstimate());
    expect(fresh).toBeLessThan(exact); // ‖M u‖ with a unit u that is not yet the top singular vector
    for (let i = 0; i < 30; i++) tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
    expect(await scalar(layer.sigmaEstimate())).toBeCloseTo(exact, 4);
    const y = model.predict(x) as tf.Tensor;
    expect(Array.from(await y.data())).toEqual(M.flat().map((v) => expect.closeTo(v / exact, 5)));
    tf.dispose([x, y]);
    model.dispose();
  });

  it('updates u only in training mode, and leaks no tensors', async () => {
    const { model, layer } = denseModel();
    const x = tf.ones([4, 3]);
    const u = async () => Array.from(await layer.getWeights()[2]!.data());
    tf.dispose(model.predict(x) as tf.Tensor);
    const start = await u();
    const before = tf.memory().numTensors;
    tf.dispose(model.predict(x) as tf.Tensor);
    tf.dispose(model.apply(x, { training: false }) as tf.Tensor);
    expect(await u()).toEqual(start);
    tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
    expect(await u()).not.toEqual(start);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('trains the wrapped kernel and bias; u is a non-trainable weight', () => {
    const { model, layer } = denseModel();
    expect(layer.trainableWeights.map((w) => w.originalName)).toEqual(['sn/kernel', 'sn/bias']);
    expect(layer.nonTrainableWeights.map((w) => w.originalName)).toEqual(['sn/sn_u']);
    layer.trainable = false;
    expect(model.trainableWeights).toHaveLength(0);
    model.dispose();
  });

  it('gradient matches finite differences of x·W/σ(W) (u, v held constant at convergence)', async () => {
    const { model } = denseModel();
    const xs = [[1, 2, -1], [0.5, -1, 3]];
    const r = [[1, -2], [0.5, 1]];
    const f = (w: number[][]) => {
      let s = 0;
      for (let n = 0; n < 2; n++) for (let j = 0; j < 2; j++) s += r[n]![j]! * xs[n]!.reduce((acc, xi, i) => acc + xi * w[i]![j]!, 0);
      return s / sigmaMax(w);
    };
    const x = tf.tensor2d(xs);
    const rt = tf.tensor2d(r);
    for (let i = 0; i < 50; i++) tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
    const kernel = model.trainableWeights[0]!.read() as tf.Variable;
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: false }) as tf.Tensor, rt)), [kernel]);
    expect(await scalar(value)).toBeCloseTo(f(M), 4);
    const analytic = Array.from(await grads[kernel.name]!.data());
    const h = 1e-5;
    const numeric = M.flatMap((row, i) =>
      row.map((_, j) => {
        const plus = M.map((rr, a) => rr.map((v, b) => (a === i && b === j ? v + h : v)));
        const minus = M.map((rr, a) => rr.map((v, b) => (a === i && b === j ? v - h : v)));
        return (f(plus) - f(minus)) / (2 * h);
      }),
    );
    expect(analytic).toEqual(numeric.map((g) => expect.closeTo(g, 3)));
    tf.dispose([x, rt, ...Object.values(grads)]);
    model.dispose();
  });

  it('wraps conv2d and conv2dTranspose; a save/load round trip restores u and the outputs', async () => {
    const model = tf.sequential({
      layers: [
        spectralNorm({ layer: tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }), inputShape: [6, 6, 2], seed: 3, powerIterations: 2 }),
        spectralNorm({ layer: tf.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same' }), seed: 4 }),
      ],
    });
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 5);
    for (let i = 0; i < 3; i++) tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect((loaded.layers[0] as SpectralNorm).powerIterations).toBe(2);
    const weights = async (m: tf.LayersModel) => Promise.all(m.getWeights().map(async (w) => Array.from(await w.data())));
    expect(await weights(loaded)).toEqual(await weights(model));
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(b.shape).toEqual([2, 6, 6, 1]);
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('refuses a layer without a kernel', () => {
    const model = tf.sequential();
    expect(() => model.add(spectralNorm({ layer: tf.layers.flatten({ name: 'flat' }), inputShape: [2, 2] }))).toThrow(/needs a layer with a kernel .*"flat"/);
  });
});
