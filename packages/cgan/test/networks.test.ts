import * as tf from '@tensorflow/tfjs';
import { SpectralNorm } from '@ganforge/core/layers';
import { expectSeededWeights, roundTrip, useWasmBackend } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { benchmarks, cgan, classLatent, createDiscriminator, createGenerator, defaults, oneHotClasses, presets, type CganConfig } from '../src/index.js';
import { tinyBigGanConfig, tinyConfig } from './fixtures.js';

const read = async (t: tf.Tensor) => Array.from(await t.data());
/** [N, K] one-hot float labels. */
const classes = (labels: number[], numClasses = 3) => tf.tidy(() => oneHotClasses(tf.tensor1d(labels, 'int32'), numClasses));

const trainableCount = (model: tf.LayersModel) => model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * b!, 1), 0);


describe('cGAN networks', () => {
  useWasmBackend();

  it.each([
    ['mnist', { ...defaults, ...presets.mnist!.config }, 28, 1],
    ['32x32x1, projection + spectral norm', { ...defaults, imageSize: 32, channels: 1 as const, ngf: 8, ndf: 8, projection: true, spectralNorm: true }, 32, 1],
    ['64x64x3, 4 classes, conditional BN', { ...defaults, imageSize: 64, channels: 3 as const, numClasses: 4, ngf: 4, ndf: 4, conditionalBatchNorm: true }, 64, 3],
  ])('%s: G maps [N, z + K] to [N, S, S, C] in [-1, 1], D [image, class] to [N, 1], without leaks', async (_name, config: CganConfig, size, channels) => {
    const before = tf.memory().numTensors;
    const generator = createGenerator(config, 1);
    const discriminator = createDiscriminator(config, 1);
    expect(generator.inputs[0]!.shape).toEqual([null, config.latentDim + config.numClasses]);
    const latent = cgan.latent(config, 3, 7);
    const images = cgan.generate(generator, latent, config);
    expect(images.shape).toEqual([3, size, size, channels]);
    const largest = tf.tidy(() => tf.max(tf.abs(images)));
    expect((await largest.data())[0]).toBeLessThanOrEqual(1);
    const labels = classes([0, 1, 2], config.numClasses);
    const logits = discriminator.predict([images, labels]) as tf.Tensor;
    expect(logits.shape).toEqual([3, 1]);
    tf.dispose([latent, images, largest, labels, logits]);
    generator.dispose();
    discriminator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builds cgan-mnist28 exactly as shared/reference/torch/cgan.py: layer shapes and parameter counts', () => {
    const config = { ...defaults, ...benchmarks['cgan-mnist28']!.config };
    const generator = createGenerator(config, 0);
    const discriminator = createDiscriminator(config, 0);
    const shape = (m: tf.LayersModel, name: string) => m.getLayer(name).outputShape;
    expect(shape(generator, 'class-embedding')).toEqual([null, 50]);
    expect(shape(generator, 'z-and-class')).toEqual([null, 150]);
    expect(shape(generator, 'project-bn')).toEqual([null, 7 * 7 * 256]); // BatchNorm1d on the flat projection
    expect(shape(generator, 'to-image')).toEqual([null, 7, 7, 256]);
    expect(shape(generator, 'up1')).toEqual([null, 7, 7, 128]);
    expect(shape(generator, 'up2')).toEqual([null, 14, 14, 64]);
    expect(shape(generator, 'to-rgb')).toEqual([null, 28, 28, 1]);
    expect(shape(discriminator, 'image-and-class')).toEqual([null, 28, 28, 2]);
    expect(shape(discriminator, 'down1')).toEqual([null, 14, 14, 64]);
    expect(shape(discriminator, 'down2')).toEqual([null, 7, 7, 128]);
    expect(shape(discriminator, 'features')).toEqual([null, 6272]);
    // PyTorch: Embedding 10·50 + Linear 150·12544 + BN1d 2·12544 + ConvT 256·128·25 + BN 2·128 + ConvT 128·64·25 + BN 2·64 + ConvT 64·25
    expect(trainableCount(generator)).toBe(500 + 150 * 12544 + 2 * 12544 + 256 * 128 * 25 + 256 + 128 * 64 * 25 + 128 + 64 * 25);
    // Embedding 10·50 + Linear 50·784 + 784 + Conv 2·64·25 + 64 + Conv 64·128·25 + 128 + Linear 6272 + 1
    expect(trainableCount(discriminator)).toBe(500 + 50 * 784 + 784 + 2 * 64 * 25 + 64 + 64 * 128 * 25 + 128 + 6272 + 1);
    generator.dispose();
    discriminator.dispose();
  });

  it.each([
    ['label channel', tinyConfig],
    ['projection + spectral norm', tinyBigGanConfig],
  ])('%s: D judges the class, changing only the label changes the logit', async (_name, config) => {
    const discriminator = createDiscriminator(config, 2);
    const images = tf.randomUniform([3, 8, 8, 1], -1, 1, 'float32', 3);
    const asClass = (c: number) => classes([c, c, c], 3);
    const logits = await Promise.all([0, 1, 2].map(async (c) => {
      const labels = asClass(c);
      const out = discriminator.predict([images, labels]) as tf.Tensor;
      const values = await read(out);
      tf.dispose([labels, out]);
      return values;
    }));
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) expect(logits[i]).not.toEqual(logits[j]);
    tf.dispose(images);
    discriminator.dispose();
  });

  it('conditional sampling returns the asked classes in the latent, seeded, and images of their shape', async () => {
    const generator = createGenerator(tinyConfig, 4);
    const wanted = [2, 0, 2, 1];
    const latent = classLatent(tinyConfig, wanted, 9);
    expect(latent.shape).toEqual([4, tinyConfig.latentDim + 3]);
    const oneHot = tf.slice(latent, [0, tinyConfig.latentDim], [4, 3]);
    const asked = tf.argMax(oneHot, 1);
    const total = tf.sum(oneHot);
    expect(await read(asked)).toEqual(wanted);
    expect(await read(total)).toEqual([4]);
    const again = classLatent(tinyConfig, wanted, 9);
    const other = classLatent(tinyConfig, wanted, 10);
    expect(await read(again)).toEqual(await read(latent));
    expect(await read(other)).not.toEqual(await read(latent));
    const images = cgan.generate(generator, latent, tinyConfig);
    expect(images.shape).toEqual([4, 8, 8, 1]);
    // Same z, another class: another image.
    const switched = tf.tidy(() => tf.concat([tf.slice(latent, [0, 0], [4, tinyConfig.latentDim]), classes([0, 0, 0, 0])], 1));
    const switchedImages = cgan.generate(generator, switched as tf.Tensor2D, tinyConfig);
    expect(await read(switchedImages)).not.toEqual(await read(images));
    const cycled = cgan.latent(tinyConfig, 7, 1);
    const cycledClasses = tf.tidy(() => tf.argMax(tf.slice(cycled, [0, tinyConfig.latentDim], [7, 3]), 1));
    expect(await read(cycledClasses)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(() => classLatent(tinyConfig, [3], 0)).toThrow(/class 3 does not exist; this model has classes 0..2/);
    tf.dispose([latent, oneHot, asked, total, again, other, images, switched, switchedImages, cycled, cycledClasses]);
    generator.dispose();
  });

  it('fits to the data: classes, size (any shape) and channels; refuses unlabeled data and sizes doubling cannot reach', () => {
    expect(cgan.fitToData(defaults, { height: 32, width: 32, channels: 3, numClasses: 5 })).toMatchObject({ imageSize: 32, channels: 3, numClasses: 5 });
    expect(() => cgan.fitToData(defaults, { height: 28, width: 28, channels: 1, numClasses: 0 })).toThrow(/needs class labels.*one subfolder per class.*built-in dataset/);
    expect(cgan.fitToData(defaults, { height: 28, width: 56, channels: 1, numClasses: 2 })).toMatchObject({ imageSize: 0, imageHeight: 28, imageWidth: 56 });
    expect(() => cgan.fitToData(defaults, { height: 30, width: 30, channels: 1, numClasses: 2 })).toThrow(/image size 30 cannot be reached.*; nearest valid sizes: 28, 32$/);
    expect(() => cgan.fitToData(defaults, { height: 30, width: 64, channels: 1, numClasses: 2 })).toThrow(/image size 30x64 cannot be reached.*; nearest valid sizes: 28x64, 32x64$/);
  });

  it('same seed gives the same weights, another seed other weights', () =>
    expectSeededWeights((seed) => Object.values(cgan.build(tinyBigGanConfig, seed))));

  it('switches: spectral norm wraps every kernel of D; conditional BN replaces G\'s batch norms', () => {
    const { generator, discriminator } = cgan.build(tinyBigGanConfig, 0);
    const normalized = discriminator.layers.filter((l) => l instanceof SpectralNorm).map((l) => l.name);
    expect(normalized.sort()).toEqual(['class-projection-sn', 'down1-sn', 'logit-sn']); // 8x8: one stride-2 conv
    expect(generator.layers.filter((l) => l.getClassName() === 'GanforgeConditionalBatchNorm')).toHaveLength(2); // projection and up1
    expect(generator.layers.filter((l) => l.getClassName() === 'BatchNormalization')).toHaveLength(0);
    generator.dispose();
    discriminator.dispose();
  });

  it.each([
    ['default', tinyConfig],
    ['every switch on', tinyBigGanConfig],
  ])('%s: save/load round trip in memory gives bit-identical G and D outputs', async (_name, config) => {
    const { generator, discriminator } = cgan.build(config, 5);
    const [g2, d2] = await Promise.all([roundTrip(generator), roundTrip(discriminator)]);
    const latent = classLatent(config, [0, 1, 2, 1], 9);
    const a = cgan.generate(generator, latent, config);
    const b = cgan.generate(g2, latent, config);
    expect(await read(b)).toEqual(await read(a));
    const labels = classes([2, 1, 0, 0], 3);
    const da = discriminator.predict([a, labels]) as tf.Tensor;
    const db = d2.predict([a, labels]) as tf.Tensor;
    expect(await read(db)).toEqual(await read(da));
    tf.dispose([latent, a, b, labels, da, db]);
    [generator, discriminator, g2, d2].forEach((m) => m.dispose());
  });
});
