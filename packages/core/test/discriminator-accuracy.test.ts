// Discriminator accuracy with a hand-made "discriminator" whose logits are the mean pixel value.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';
import { decisionThreshold, discriminatorAccuracy, type LabelledBatch } from '../src/metrics/discriminator-accuracy.js';

/** Images i = start .. start + size - 1, each filled with values[i]. */
const batchOf = (values: number[]) => (start: number, size: number): LabelledBatch => ({
  images: tf.tidy(() => tf.mul(tf.ones([size, 2, 2, 1]), tf.reshape(tf.tensor1d(values.slice(start, start + size)), [size, 1, 1, 1]))) as tf.Tensor4D,
  labels: tf.zeros([size], 'int32') as tf.Tensor1D,
});
const meanPixel = (images: tf.Tensor4D) => tf.mean(images, [1, 2, 3]);

describe('discriminator accuracy', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('counts real logits above the threshold and fake logits at or below it, over batches', async () => {
    const before = tf.memory().numTensors;
    const real = [1, 0.2, -0.3, 0.7, 0, 2, -1]; // 4 of 7 above 0
    const fake = [-1, 0, 0.1, -0.5, 0.6, 0.9, -2]; // 4 of 7 at or below 0
    const result = await discriminatorAccuracy(meanPixel, batchOf(real), batchOf(fake), 7, { batchSize: 3 });
    expect(result).toEqual({ real: 4 / 7, fake: 4 / 7, mean: 4 / 7, count: 7, threshold: 0 });
    // Least squares separates at 0.5: real 1, 0.7, 2 above; fakes -1, 0, 0.1, -0.5, -2 at or below.
    const ls = await discriminatorAccuracy(meanPixel, batchOf(real), batchOf(fake), 7, { threshold: decisionThreshold('least-squares') });
    expect([ls.real, ls.fake, ls.mean]).toEqual([3 / 7, 5 / 7, 4 / 7]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a discriminator that cannot tell sits at 50%', async () => {
    const values = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const result = await discriminatorAccuracy(meanPixel, batchOf(values), batchOf(values), 100);
    expect(result.mean).toBe(0.5);
  });
});
