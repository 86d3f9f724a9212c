import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { restoreDropoutCounters, SeededDropout } from '../src/layers/index.js';

const model = (seed: number) => {
  const m = tf.sequential();
  m.add(new SeededDropout({ rate: 0.5, seed, name: 'drop', inputShape: [64] }));
  return m;
};

describe('SeededDropout', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('passes inputs through at inference and drops about `rate` of units, scaled, in training', async () => {
    const m = model(3);
    const x = tf.ones([4, 64]);
    const before = tf.memory().numTensors;
    const inference = m.apply(x, { training: false }) as tf.Tensor;
    const trained = m.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(await inference.data())).toEqual(new Array(256).fill(1));
    const values = Array.from(await trained.data());
    expect(new Set(values)).toEqual(new Set([0, 2]));
    const dropped = values.filter((v) => v === 0).length / values.length;
    expect(dropped).toBeGreaterThan(0.35);
    expect(dropped).toBeLessThan(0.65);
    tf.dispose([inference, trained]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x]);
    m.dispose();
  });

  it('draws a new mask per call, the same sequence for the same seed, and resumes it from saved weights', async () => {
    const x = tf.ones([2, 64]);
    const masks = async (m: tf.LayersModel, n: number) => {
      const out: number[][] = [];
      for (let i = 0; i < n; i++) {
        const y = m.apply(x, { training: true }) as tf.Tensor;
        out.push(Array.from(await y.data()));
        y.dispose();
      }
      return out;
    };
    const straight = await masks(model(7), 3);
    expect(straight[0]).not.toEqual(straight[1]);

    const first = model(7);
    const head = await masks(first, 1);
    let saved: tf.io.ModelArtifacts | undefined;
    await first.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const resumed = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    await restoreDropoutCounters(resumed);
    const tail = await masks(resumed, 2);
    expect([...head, ...tail]).toEqual(straight);
    expect(await masks(model(8), 1)).not.toEqual(straight.slice(0, 1));
    x.dispose();
  });
});
