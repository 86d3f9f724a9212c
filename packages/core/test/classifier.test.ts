// The classifiers shipped in @ganforge/datasets: accuracy on fixed test slices against the figure
// their info.json reports, features, input resizing, no leaks.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';
import type { ImageDataset } from '../src/data/dataset.js';
import type { ImageClassifier } from '../src/metrics/classifier.js';
import { datasetBatch } from '../src/metrics/evaluate-generator.js';
import { loadBuiltinDataset } from '../src/data/node/builtin-datasets.js';
import { loadClassifier } from '../src/node/classifier-weights.js';

async function accuracy(classifier: ImageClassifier, dataset: ImageDataset, count: number): Promise<number> {
  let correct = 0;
  for (let start = 0; start < count; start += 500) {
    const size = Math.min(500, count - start);
    const { images, labels } = datasetBatch(dataset, start, size);
    const predicted = await classifier.predict(images);
    tf.dispose([images, labels]);
    predicted.forEach((c, i) => (correct += c === dataset.labels[start + i] ? 1 : 0));
  }
  return correct / count;
}

describe('shipped classifiers', () => {
  let mnist: ImageClassifier;
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
    mnist = await loadClassifier('mnist');
  });
  afterAll(() => mnist.dispose());

  it('MNIST: at least 99% on the 1,000 held-out test images, as its info.json reports', async () => {
    const test = await loadBuiltinDataset('mnist', 'test');
    const measured = await accuracy(mnist, test, test.count);
    expect(mnist.info.testCount).toBe(test.count);
    expect(measured).toBeGreaterThanOrEqual(0.99);
    expect(measured).toBeGreaterThanOrEqual(mnist.info.testAccuracy - 0.002); // same images; backends may round differently
    expect(mnist.featureExtractor).toBe('ganforge MNIST classifier (penultimate, 128-d)');
  });

  it('Fashion-MNIST: the first 2,000 test images within 2 points of its reported accuracy', async () => {
    const fashion = await loadClassifier('fashion-mnist');
    const test = await loadBuiltinDataset('fashion-mnist', 'test', { limit: 2000 });
    const measured = await accuracy(fashion, test, test.count);
    expect(measured).toBeGreaterThanOrEqual(fashion.info.testAccuracy - 0.02);
    expect(fashion.featureExtractor).toBe('ganforge Fashion-MNIST classifier (penultimate, 128-d)');
    fashion.dispose();
  });

  it('gives 128-d features and resizes other inputs to 28 x 28 x 1', async () => {
    const before = tf.memory().numTensors;
    const test = await loadBuiltinDataset('mnist', 'test', { limit: 4 });
    const { images, labels } = datasetBatch(test, 0, 4); // [4, 28, 28, 1]
    const features = mnist.features(images);
    expect(features.shape).toEqual([4, 128]);
    // 56 x 56 made by repeating every pixel 2 x 2: average pooling gives back the 28 x 28 image.
    const doubled = tf.image.resizeNearestNeighbor(images, [56, 56]);
    const pooled = mnist.features(doubled);
    // RGB with R = G = B: the channel mean is the gray image.
    const rgb = tf.tile(images, [1, 1, 1, 3]) as tf.Tensor4D;
    const fromRgb = mnist.features(rgb);
    const reference = await features.data();
    for (const other of [pooled, fromRgb]) {
      const values = await other.data();
      values.forEach((v, i) => expect(v).toBeCloseTo(reference[i]!, 4));
    }
    const blank = tf.zeros([2, 32, 32, 1]) as tf.Tensor4D;
    const odd = mnist.prepare(blank);
    expect(odd.shape).toEqual([2, 28, 28, 1]);
    tf.dispose([images, labels, features, doubled, pooled, rgb, fromRgb, blank, odd]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the datasets that have one when asked for another', async () => {
    await expect(loadClassifier('cifar10')).rejects.toThrow('no ganforge classifier for data "cifar10"; classifiers exist for: mnist, fashion-mnist');
  });
});
