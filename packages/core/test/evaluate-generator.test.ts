// evaluateGenerator with a tiny conditional generator and an untrained classifier: every metric's
// fields, seeded repeat, reuse of real features, class accuracy bookkeeping, no tensor leaks.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';
import type { ImageDataset } from '../src/data/dataset.js';
import { createClassifierModel, ImageClassifier } from '../src/metrics/classifier.js';
import { embedDataset, evaluateGenerator, evaluationNumbers, parseMetricList, type GeneratorEvaluationOptions } from '../src/metrics/evaluate-generator.js';
import type { Architecture, TrainHyperparameters } from '../src/family/architecture.js';

const classes = 10;
/** Codes [z (4) | one-hot(class)], like cgan's. */
const codes = (asked: number[], seed: number) =>
  tf.tidy(() => tf.concat([tf.randomNormal([asked.length, 4], 0, 1, 'float32', seed), tf.oneHot(tf.tensor1d(asked, 'int32'), classes)], 1) as tf.Tensor2D);
const tinyArchitecture: Pick<Architecture<TrainHyperparameters>, 'name' | 'data' | 'latent' | 'classLatent' | 'generate'> = {
  name: 'tiny',
  data: 'labeled',
  latent: (_config, count, seed) => codes(Array.from({ length: count }, (_, i) => i % classes), seed),
  classLatent: (_config, asked, seed) => codes(asked, seed),
  generate: (generator, latent) => generator.predict(latent) as tf.Tensor4D,
};
const architecture = tinyArchitecture as Architecture<TrainHyperparameters>;
const config = {} as TrainHyperparameters;

describe('evaluateGenerator', () => {
  let generator: tf.LayersModel;
  let classifier: ImageClassifier;
  let real: ImageDataset;
  let options: GeneratorEvaluationOptions<TrainHyperparameters>;

  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
    generator = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4 + classes], units: 28 * 28, activation: 'tanh', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }),
        tf.layers.reshape({ targetShape: [28, 28, 1] }),
      ],
    });
    classifier = new ImageClassifier(createClassifierModel({ seed: 2 }), {
      dataset: 'test',
      title: 'Test',
      classNames: Array.from({ length: classes }, (_, i) => String(i)),
      featureDim: 128,
      testAccuracy: 0,
      testCount: 0,
      training: {},
    });
    const count = 40;
    const images = new Uint8Array(count * 28 * 28);
    for (let i = 0; i < images.length; i++) images[i] = 128 + ((i * 7919) % 128); // bright: mean pixel > 0
    real = { name: 'noise/test', count, height: 28, width: 28, channels: 1, images, labels: Int32Array.from({ length: count }, (_, i) => i % classes), classNames: [] };
    options = {
      architecture,
      config,
      generator,
      classifier,
      real,
      discriminate: (images) => tf.mean(images, [1, 2, 3]),
      metrics: parseMetricList('fd,kid,pr,class-acc,d-acc'),
      samples: 30,
      seed: 3,
      batchSize: 16,
      kidSubsets: 5,
    };
  });

  it('reports every asked metric, names the features and leaks no tensor', async () => {
    const before = tf.memory().numTensors;
    const progress: string[] = [];
    const result = await evaluateGenerator({ ...options, onProgress: (task, done, total) => progress.push(`${task} ${done}/${total}`) });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.featureExtractor).toBe('ganforge Test classifier (penultimate, 128-d)');
    expect(result.real).toEqual({ source: 'noise/test', count: 40 });
    expect(result.fd).toMatchObject({ realCount: 40, fakeCount: 30 });
    expect(result.fd!.value).toBeGreaterThan(0);
    expect(result.kid).toMatchObject({ subsets: 5, subsetSize: 15 });
    expect(result.pr).toMatchObject({ k: 3, count: 30 });
    // class-acc: 30 samples asked for classes i mod 10, 3 of each.
    const { classAcc } = result;
    expect(classAcc!.count).toBe(30);
    expect(classAcc!.perClass).toHaveLength(10);
    expect(classAcc!.perClass.every((p) => [0, 1 / 3, 2 / 3, 1].some((v) => Math.abs(p - v) < 1e-12))).toBe(true);
    expect(classAcc!.value).toBeCloseTo(classAcc!.perClass.reduce((a, b) => a + b, 0) / 10, 12);
    // d-acc over min(samples, real) images; the mean pixel of the real noise images is positive.
    expect(result.dAcc).toMatchObject({ count: 30, threshold: 0, real: 1 });
    expect(progress).toContain('real 40/40');
    expect(progress).toContain('samples 30/30');
    expect(progress).toContain('class samples 30/30');
    expect(progress).toContain('d-acc 30/30');
    expect(Object.keys(evaluationNumbers(result))).toEqual(['fd', 'kid', 'precision', 'recall', 'classAcc', 'dAccReal', 'dAccFake']);
  });

  it('class-pr: per-class precision/recall from the class samples, the real images embedded once, no leaks', async () => {
    const before = tf.memory().numTensors;
    const progress: string[] = [];
    // 40 samples and 40 real images: 4 of each class, the fewest k = 3 allows.
    const result = await evaluateGenerator({ ...options, samples: 40, metrics: ['pr', 'class-pr'], onProgress: (task, done) => progress.push(`${task} ${done}`) });
    expect(tf.memory().numTensors).toBe(before);
    const { classPr } = result;
    expect(classPr!.counts).toEqual(Array<number>(10).fill(4));
    expect(classPr!.recall).toHaveLength(10);
    expect([...classPr!.precision, ...classPr!.recall].every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(progress.filter((line) => line.startsWith('real ')).at(-1)).toBe('real 40');
    expect(progress.filter((line) => line === 'real 40')).toHaveLength(1);
    const numbers = evaluationNumbers(result);
    expect(numbers.classRecallMin).toBe(Math.min(...classPr!.recall));
    expect(numbers.classPrecisionMin).toBe(Math.min(...classPr!.precision));
  });

  it('gives the same numbers for the same seed, and for precomputed real features', async () => {
    const a = await evaluateGenerator(options);
    const realFeatures = await embedDataset(classifier, real);
    const b = await evaluateGenerator({ ...options, realFeatures });
    expect(b).toEqual(a);
    const other = await evaluateGenerator({ ...options, seed: 4, metrics: ['fd'] });
    expect(other.fd!.value).not.toBe(a.fd!.value);
    expect(Object.keys(other)).toEqual(['real', 'samples', 'seed', 'featureExtractor', 'fd']);
  });

  it('says what a metric is missing', async () => {
    expect(() => parseMetricList('fd,fid')).toThrow('unknown metric "fid"; metrics: fd, kid, pr, class-acc, class-pr, d-acc');
    await expect(evaluateGenerator({ ...options, classifier: undefined })).rejects.toThrow(/metrics fd, kid, pr, class-acc need a classifier/);
    await expect(evaluateGenerator({ ...options, metrics: ['class-pr'], samples: 39 })).rejects.toThrow('class-pr needs 4 samples a class (k = 3 neighbours), so at least 40 samples; got 39');
    await expect(evaluateGenerator({ ...options, architecture: { ...architecture, classLatent: undefined } })).rejects.toThrow(/class-acc needs a conditional architecture/);
    await expect(evaluateGenerator({ ...options, discriminate: undefined })).rejects.toThrow(/d-acc needs the discriminator/);
  });
});
