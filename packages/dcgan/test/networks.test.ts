import * as tf from '@tensorflow/tfjs';
import { expectSeededWeights, roundTrip, useWasmBackend } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { benchmarks, createDiscriminator, createGenerator, dcgan, defaults, presets, resolutionPlan } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

describe('DCGAN networks', () => {
  useWasmBackend();

  it.each([
    ['mnist', { ...defaults, ...presets.mnist!.config }, 28, 1],
    ['32x32x1', { ...defaults, imageSize: 32, channels: 1 as const, ngf: 8, ndf: 8 }, 32, 1],
    ['celeba64 (narrow)', { ...defaults, ...presets.celeba64!.config, ngf: 8, ndf: 8 }, 64, 3],
    ['tf-tutorial 28x28x1', { ...defaults, ...benchmarks['dcgan-mnist28']!.config, channels: 1 as const }, 28, 1],
  ])('%s: G maps [N, z] to [N, S, S, C] in [-1, 1], D to [N, 1], without leaks', async (_name, config, size, channels) => {
    const before = tf.memory().numTensors;
    const generator = createGenerator(config, 1);
    const discriminator = createDiscriminator(config, 1);
    const z = tf.randomNormal([3, config.latentDim]);
    const images = generator.predict(z) as tf.Tensor;
    expect(images.shape).toEqual([3, size, size, channels]);
    const largest = tf.tidy(() => tf.max(tf.abs(images)));
    expect((await largest.data())[0]).toBeLessThanOrEqual(1);
    largest.dispose();
    const logits = discriminator.predict(images) as tf.Tensor;
    expect(logits.shape).toEqual([3, 1]);
    tf.dispose([z, images, logits]);
    generator.dispose();
    discriminator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has the paper\'s 4x4x1024 start for celeba64', () => {
    const generator = createGenerator({ ...defaults, ...presets.celeba64!.config }, 0);
    expect(generator.getLayer('to-image').outputShape).toEqual([null, 4, 4, 1024]);
    generator.dispose();
  });

  it("builds the TensorFlow tutorial's networks with the reference script's parameter counts", () => {
    const config = { ...defaults, ...benchmarks['dcgan-mnist28']!.config };
    const count = (model: tf.LayersModel) => model.trainableWeights.reduce((n, w) => n + tf.util.sizeFromShape(w.shape as number[]), 0);
    const generator = createGenerator(config, 0);
    const discriminator = createDiscriminator(config, 0);
    // dcgan.py mnist28: Linear 100x12544, BatchNorm1d(12544), ConvT 256->128 k5, BN 128, ConvT 128->64 k5, BN 64, ConvT 64->1 k5
    expect(count(generator)).toBe(100 * 12544 + 2 * 12544 + 256 * 128 * 25 + 2 * 128 + 128 * 64 * 25 + 2 * 64 + 64 * 25);
    // Conv 1->64 k5 (+bias), Conv 64->128 k5 (+bias), Linear 6272->1 (+bias)
    expect(count(discriminator)).toBe(25 * 64 + 64 + 64 * 128 * 25 + 128 + 6272 + 1);
    generator.dispose();
    discriminator.dispose();
  });

  it('drops out in the tutorial discriminator only in training, with masks that change per call', async () => {
    const discriminator = createDiscriminator({ ...defaults, ...benchmarks['dcgan-mnist28']!.config }, 0);
    const x = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 1);
    const logits = async (training: boolean) => {
      const y = discriminator.apply(x, { training }) as tf.Tensor;
      const values = Array.from(await y.data());
      y.dispose();
      return values;
    };
    expect(await logits(false)).toEqual(await logits(false));
    expect(await logits(true)).not.toEqual(await logits(true));
    x.dispose();
    discriminator.dispose();
  });

  it('plans resolutions of any shape and rejects sizes that doubling cannot reach, naming the nearest that work', () => {
    const shape = (height: number, width = height) => ({ height, width });
    expect(resolutionPlan(shape(28), 'tf-tutorial')).toEqual({ startHeight: 7, startWidth: 7, upsamples: 2 });
    expect(resolutionPlan(shape(28, 56), 'tf-tutorial')).toEqual({ startHeight: 7, startWidth: 14, upsamples: 2 });
    expect(() => resolutionPlan(shape(30), 'tf-tutorial')).toThrow(/multiples of 4 \(at least 8\), got 30; nearest valid sizes: 28, 32$/);
    expect(resolutionPlan(shape(28))).toEqual({ startHeight: 7, startWidth: 7, upsamples: 2 });
    expect(resolutionPlan(shape(64))).toEqual({ startHeight: 4, startWidth: 4, upsamples: 4 });
    expect(resolutionPlan(shape(32, 64))).toEqual({ startHeight: 4, startWidth: 8, upsamples: 3 });
    expect(() => dcgan.fitToData(tinyConfig, { height: 30, width: 64, channels: 1, numClasses: 0 })).toThrow(/^image size 30x64 cannot be reached .*; nearest valid sizes: 28x64, 32x64$/);
    expect(() => dcgan.fitToData(tinyConfig, { height: 8, width: 6, channels: 1, numClasses: 0 })).toThrow(/image size 8x6 cannot be reached/);
  });

  it('latent codes repeat for every seed, 0 included (tfjs reads seed 0 as unseeded)', async () => {
    const codes = async (seed: number) => {
      const z = dcgan.latent(tinyConfig, 2, seed);
      const values = Array.from(await z.data());
      z.dispose();
      return values;
    };
    expect(await codes(0)).toEqual(await codes(0));
    expect(await codes(1)).toEqual(await codes(1));
    expect(await codes(0)).not.toEqual(await codes(1));
  });

  it('same seed gives the same weights, another seed other weights', () => expectSeededWeights((seed) => createGenerator(tinyConfig, seed)));

  it('save/load round trip in memory gives bit-identical generator output', async () => {
    const generator = createGenerator(tinyConfig, 5);
    const loaded = await roundTrip(generator);
    const z = tf.randomNormal([4, tinyConfig.latentDim], 0, 1, 'float32', 9);
    const a = generator.predict(z) as tf.Tensor;
    const b = loaded.predict(z) as tf.Tensor;
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([z, a, b]);
    generator.dispose();
    loaded.dispose();
  });
});
