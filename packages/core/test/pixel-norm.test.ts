import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { PixelNorm, pixelNorm } from '../src/layers/index.js';
import { closeTo, roundTrip, values } from './karras-fixtures.js';

describe('PixelNorm', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('scales each feature vector (last axis) to unit mean square: hand values', async () => {
    const before = tf.memory().numTensors;
    // [3, 4]: mean square 12.5 -> [3, 4] / √12.5; [0, 0] stays 0; pixels normalise apart.
    const codes = tf.tensor2d([[3, 4], [0, 0]]);
    const normed = pixelNorm(codes);
    expect(closeTo(await values(normed), [3 / Math.sqrt(12.5), 4 / Math.sqrt(12.5), 0, 0])).toBe(true);
    const image = tf.tensor4d([1, 1, 2, -2, 0, 6], [1, 1, 3, 2]);
    const layer = new PixelNorm();
    const out = layer.apply(image) as tf.Tensor;
    expect(closeTo(await values(out), [1, 1, 1, -1, 0, Math.SQRT2])).toBe(true);
    tf.dispose([codes, normed, image, out]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('survives a save/load round trip in a model', async () => {
    const model = tf.sequential({ layers: [new PixelNorm({ inputShape: [2, 2, 3], epsilon: 1e-4 })] });
    const loaded = await roundTrip(model);
    expect(loaded.layers[0]).toBeInstanceOf(PixelNorm);
    expect((loaded.layers[0] as PixelNorm).epsilon).toBe(1e-4);
    const x = tf.randomNormal([2, 2, 2, 3], 0, 1, 'float32', 1);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(await values(b)).toEqual(await values(a));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
