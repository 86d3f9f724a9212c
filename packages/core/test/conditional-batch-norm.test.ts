import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { ConditionalBatchNorm, conditionalBatchNorm } from '../src/layers/index.js';

// x [4, 2] (two channels) and one-hot classes [0, 1, 0, 1].
const xs = [[1, 10], [3, 20], [5, 30], [7, 40]];
const classes = [[1, 0], [0, 1], [1, 0], [0, 1]];
// Per-class gains (1 + row of Wγ) and shifts (row of Wβ).
const gainKernel = [[0.5, -0.5], [1, 0]];
const biasKernel = [[0, 1], [-2, 3]];

function model(momentum = 0.5) {
  const x = tf.input({ shape: [2] });
  const c = tf.input({ shape: [2] });
  const y = conditionalBatchNorm({ momentum, epsilon: 1e-3, name: 'cbn' }).apply([x, c]) as tf.SymbolicTensor;
  const m = tf.model({ inputs: [x, c], outputs: y });
  tf.tidy(() => m.setWeights([tf.tensor2d(gainKernel), tf.tensor2d(biasKernel), tf.zeros([2]), tf.ones([2])]));
  return m;
}

/** (x - mean) / √(var + ε) · (1 + c Wγ) + c Wβ, by hand. */
function expected(mean: number[], variance: number[]): number[] {
  return xs.flatMap((row, n) =>
    row.map((v, ch) => {
      const k = classes[n]![0] === 1 ? 0 : 1;
      return ((v - mean[ch]!) / Math.sqrt(variance[ch]! + 1e-3)) * (1 + gainKernel[k]![ch]!) + biasKernel[k]![ch]!;
    }),
  );
}

describe('ConditionalBatchNorm', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('normalises with batch moments in training, then scales and shifts per class; running stats move by momentum', async () => {
    const m = model(0.5);
    const x = tf.tensor2d(xs);
    const c = tf.tensor2d(classes);
    const y = m.apply([x, c], { training: true }) as tf.Tensor;
    // batch mean [4, 25], biased variance [5, 125]
    expect(Array.from(await y.data())).toEqual(expected([4, 25], [5, 125]).map((v) => expect.closeTo(v, 4)));
    const [, , movingMean, movingVariance] = m.getWeights();
    expect(Array.from(await movingMean!.data())).toEqual([2, 12.5]);
    expect(Array.from(await movingVariance!.data())).toEqual([3, 63]);
    const inference = m.predict([x, c]) as tf.Tensor;
    expect(Array.from(await inference.data())).toEqual(expected([2, 12.5], [3, 63]).map((v) => expect.closeTo(v, 4)));
    tf.dispose([x, c, y, inference]);
    m.dispose();
  });

  it('starts as plain batch norm (Wγ = Wβ = 0) and learns only the rows of the classes it sees', async () => {
    const x = tf.input({ shape: [3, 3, 2] });
    const c = tf.input({ shape: [4] });
    const layer = new ConditionalBatchNorm({ name: 'fresh' });
    const m = tf.model({ inputs: [x, c], outputs: layer.apply([x, c]) as tf.SymbolicTensor });
    const images = tf.randomNormal([2, 3, 3, 2], 3, 2, 'float32', 1);
    const onehot = tf.oneHot(tf.tensor1d([1, 2], 'int32'), 4);
    const before = tf.memory().numTensors;
    const y = m.apply([images, onehot], { training: true }) as tf.Tensor;
    const { mean, variance } = tf.moments(y, [0, 1, 2]);
    expect(Array.from(await mean.data())).toEqual([expect.closeTo(0, 5), expect.closeTo(0, 5)]);
    expect(Array.from(await variance.data())).toEqual([expect.closeTo(1, 3), expect.closeTo(1, 3)]);
    tf.dispose([y, mean, variance]);
    expect(tf.memory().numTensors).toBe(before);

    const target = tf.randomNormal([2, 3, 3, 2], 0, 1, 'float32', 2);
    const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(m.apply([images, onehot], { training: true }) as tf.Tensor, target))), vars);
    const gainGrad = (await grads[vars[0]!.name]!.array()) as number[][];
    expect(gainGrad[0]).toEqual([0, 0]);
    expect(gainGrad[3]).toEqual([0, 0]);
    expect(gainGrad[1]!.some((g) => g !== 0) && gainGrad[2]!.some((g) => g !== 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads), images, onehot, target]);
    m.dispose();
  });

  it('survives a save/load round trip', async () => {
    const m = model();
    const x = tf.tensor2d(xs);
    const c = tf.tensor2d(classes);
    tf.dispose(m.apply([x, c], { training: true }) as tf.Tensor);
    let saved: tf.io.ModelArtifacts | undefined;
    await m.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect((loaded.getLayer('cbn') as ConditionalBatchNorm).momentum).toBe(0.5);
    const a = m.predict([x, c]) as tf.Tensor;
    const b = loaded.predict([x, c]) as tf.Tensor;
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, c, a, b]);
    m.dispose();
    loaded.dispose();
  });
});
