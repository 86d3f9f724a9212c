import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPoolNetwork, queryPool, type CycleganConfig } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

/** 1x1x1 "images" whose one value is v: easy to follow through the pool. */
const config: CycleganConfig = { ...tinyConfig, imageSize: 1, channels: 1, poolSize: 3 };
const images = (...values: number[]) => tf.tensor4d(values, [values.length, 1, 1, 1]);
const noise = (...pairs: [number, number][]) => tf.tensor2d(pairs.flat(), [pairs.length, 2]);

async function query(pool: tf.LayersModel, values: number[], draws: [number, number][], name: 'fakeA' | 'fakeB' = 'fakeB'): Promise<number[]> {
  const [x, u] = [images(...values), noise(...draws)];
  const out = await queryPool(pool, name, x, u);
  const result = Array.from(await out.data());
  tf.dispose([x, u, out]);
  return result;
}
const contents = async (pool: tf.LayersModel, name: 'fakeA' | 'fakeB' = 'fakeB') => Array.from(await pool.getLayer(name).getWeights()[0]!.data());

describe('history pool (junyanz ImagePool)', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('stores and returns new images while filling; once full swaps with probability ½ (at the drawn slot) or passes through', async () => {
    const pool = createPoolNetwork(config);
    const before = tf.memory().numTensors;
    // Filling: returned as they are, stored in order, whatever the noise says.
    expect(await query(pool, [1, 2], [[0.1, 0.9], [0.1, 0.9]])).toEqual([1, 2]);
    expect(await contents(pool)).toEqual([1, 2, 0]);
    // The third fills the pool; the fourth meets a full pool: u < 0.5 swaps with slot floor(0.7 * 3) = 2.
    expect(await query(pool, [3, 4], [[0.9, 0.0], [0.2, 0.7]])).toEqual([3, 3]);
    expect(await contents(pool)).toEqual([1, 2, 4]);
    // u >= 0.5: the new image passes through and the pool stays as it is.
    expect(await query(pool, [5], [[0.5, 0.1]])).toEqual([5]);
    expect(await contents(pool)).toEqual([1, 2, 4]);
    // Two swaps in one batch: slot 0 then slot 0 again (the second returns the first's image).
    expect(await query(pool, [6, 7], [[0.3, 0.1], [0.4, 0.2]])).toEqual([1, 6]);
    expect(await contents(pool)).toEqual([7, 2, 4]);
    // The other pool is untouched; fill counts are kept per pool.
    expect(await contents(pool, 'fakeA')).toEqual([0, 0, 0]);
    expect(Array.from(await pool.getLayer('filled').getWeights()[0]!.data())).toEqual([0, 3]);
    expect(tf.memory().numTensors).toBe(before);
    pool.dispose();
  });

  it('returns a stored image about half the time once full (pool of 50, 400 queries)', async () => {
    const pool = createPoolNetwork({ ...config, poolSize: 50 });
    let s = 5;
    const random = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 50; i++) await query(pool, [-(i + 1)], [[random(), random()]]); // stored: -1..-50
    let fromPool = 0;
    for (let i = 0; i < 400; i++) {
      const [out] = await query(pool, [i + 1], [[random(), random()]]);
      if (out !== i + 1) fromPool += 1;
    }
    expect(fromPool / 400).toBeGreaterThan(0.42);
    expect(fromPool / 400).toBeLessThan(0.58);
    expect(Array.from(await pool.getLayer('filled').getWeights()[0]!.data())).toEqual([0, 50]);
    pool.dispose();
  });

  it('is saved and loaded with its contents and counts, and has no trainable weights', async () => {
    const pool = createPoolNetwork(config);
    expect(pool.trainableWeights).toEqual([]);
    await query(pool, [0.5, -0.25], [[0, 0], [0, 0]], 'fakeA');
    let saved: tf.io.ModelArtifacts | undefined;
    await pool.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(await contents(loaded, 'fakeA')).toEqual([0.5, -0.25, 0]);
    expect(Array.from(await loaded.getLayer('filled').getWeights()[0]!.data())).toEqual([2, 0]);
    pool.dispose();
    loaded.dispose();
  });
});
