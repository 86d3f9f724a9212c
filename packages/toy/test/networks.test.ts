import * as tf from '@tensorflow/tfjs';
import { expectSeededWeights, roundTrip, useWasmBackend } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { createDiscriminator, createGenerator, defaults, packPoints, presets, toy, type ToyConfig } from '../src/index.js';
import { tinyConfig } from './fixtures.js';


describe('toy networks', () => {
  useWasmBackend();

  it.each([
    ['PacGAN2 maxout (defaults)', defaults],
    ['leaky-relu, pack 3', { ...defaults, dActivation: 'leaky-relu' as const, pack: 3 }],
    ['unpacked tiny', { ...tinyConfig, pack: 1 }],
    ['spectral norm tiny', { ...tinyConfig, spectralNorm: true }],
    ['Fourier features, pack 3, scaled coordinates', { ...tinyConfig, fourierFeatures: 4, pack: 3, coordinateScale: 4 }],
  ])('%s: G maps [N, z] to [N, 2], D [N, 2·pack] to [N, 1], without leaks', async (_name, config: ToyConfig) => {
    const before = tf.memory().numTensors;
    const generator = createGenerator(config, 1);
    const discriminator = createDiscriminator(config, 1);
    const z = tf.randomNormal([6, config.latentDim]);
    const points = generator.predict(z) as tf.Tensor;
    expect(points.shape).toEqual([6, 2]);
    const packed = tf.randomNormal([4, 2 * config.pack]);
    const logits = discriminator.predict(packed) as tf.Tensor;
    expect(logits.shape).toEqual([4, 1]);
    tf.dispose([z, points, packed, logits]);
    generator.dispose();
    discriminator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("has PacGAN's sizes: G 4 x 400 with batch norm, D 3 maxout layers of 200 x 5 pieces", () => {
    const generator = createGenerator(defaults, 0);
    const dense = generator.layers.filter((l) => l.getClassName() === 'Dense');
    expect(dense.map((l) => (l.outputShape as number[])[1])).toEqual([400, 400, 400, 400, 2]);
    expect(generator.layers.filter((l) => l.getClassName() === 'BatchNormalization')).toHaveLength(4);
    const discriminator = createDiscriminator(defaults, 0);
    expect(discriminator.inputs[0]!.shape).toEqual([null, 4]);
    expect(discriminator.getLayer('hidden1').outputShape).toEqual([null, 1000]);
    expect(discriminator.getLayer('hidden3-maxout').outputShape).toEqual([null, 200]);
    generator.dispose();
    discriminator.dispose();
  });

  it('maxout takes the largest of each unit\'s pieces', async () => {
    const config = { ...tinyConfig, pack: 1, dLayers: 1, dUnits: 2, maxoutPieces: 3 };
    const discriminator = createDiscriminator(config, 0);
    // hidden1 kernel [2, 6]: piece p of unit u is column p·2 + u; the logit sums the two units.
    const kernel = tf.tensor2d([[1, 0, -1, 0, 2, 3], [0, 1, 0, -1, 0, 0]]);
    discriminator.getLayer('hidden1').setWeights([kernel, tf.zeros([6])]);
    discriminator.getLayer('logit').setWeights([tf.ones([2, 1]), tf.zeros([1])]);
    const x = tf.tensor2d([[1, 2], [-1, -3]]);
    const logits = discriminator.predict(x) as tf.Tensor;
    // x = (1, 2): unit 0 pieces (1, -1, 2) -> 2, unit 1 pieces (2, -2, 3) -> 3; x = (-1, -3): (-1, 1, -2) -> 1, (-3, 3, -3) -> 3.
    expect(Array.from(await logits.data())).toEqual([5, 4]);
    tf.dispose([kernel, x, logits]);
    discriminator.dispose();
  });

  it('coordinateScale s: G outputs s times the unscaled G, D of s·x equals the unscaled D of x', async () => {
    const scaled = { ...tinyConfig, coordinateScale: 4 };
    const [g1, g4, d1, d4] = [createGenerator(tinyConfig, 2), createGenerator(scaled, 2), createDiscriminator(tinyConfig, 2), createDiscriminator(scaled, 2)];
    const z = tf.randomNormal([5, tinyConfig.latentDim], 0, 1, 'float32', 1);
    const x = tf.randomNormal([5, 2 * tinyConfig.pack], 0, 1, 'float32', 2);
    const x4 = tf.mul(x, 4);
    const outputs = [g1.predict(z), g4.predict(z), d1.predict(x), d4.predict(x4)] as tf.Tensor[];
    const [a, b, c, d] = await Promise.all(outputs.map(async (t) => Array.from(await t.data())));
    b!.forEach((v, i) => expect(v).toBeCloseTo(4 * a![i]!, 5));
    d!.forEach((v, i) => expect(v).toBeCloseTo(c![i]!, 5));
    expect(() => createGenerator({ ...tinyConfig, coordinateScale: 0 })).toThrow(/coordinateScale must be positive, got 0/);
    tf.dispose([z, x, x4, ...outputs]);
    [g1, g4, d1, d4].forEach((m) => m.dispose());
  });

  it('Fourier features map each packed point alike: D of (a, b) equals D of (b, a) when the first layer is symmetric', async () => {
    const config = { ...tinyConfig, pack: 2, fourierFeatures: 3, dLayers: 1, dUnits: 1, dActivation: 'leaky-relu' as const };
    const discriminator = createDiscriminator(config, 4);
    expect(discriminator.getLayer('fourier-flat').outputShape).toEqual([null, 12]);
    // The first dense sums both points' features with the same weights, so swapping the points changes nothing.
    const half = tf.randomNormal([6, 1], 0, 1, 'float32', 5);
    const kernel = tf.concat([half, half], 0);
    discriminator.getLayer('hidden1').setWeights([kernel, tf.zeros([1])]);
    const ab = tf.tensor2d([[0.3, -1.2, 2.5, 0.7]]);
    const ba = tf.tensor2d([[2.5, 0.7, 0.3, -1.2]]);
    const [x, y] = [discriminator.predict(ab), discriminator.predict(ba)] as tf.Tensor[];
    expect((await y!.data())[0]).toBeCloseTo((await x!.data())[0]!, 5);
    tf.dispose([half, kernel, ab, ba, x!, y!]);
    discriminator.dispose();
  });

  it('packs consecutive points: [N·m, 2] -> [N, 2m]', async () => {
    const points = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const packed = packPoints(points, 2);
    expect(packed.shape).toEqual([2, 4]);
    expect(Array.from(await packed.data())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => packPoints(points, 3)).toThrow(/cannot pack 4 points into groups of 3/);
    tf.dispose([points, packed]);
  });

  it('same seed gives the same weights, another seed other weights', () => expectSeededWeights((seed) => createGenerator(tinyConfig, seed)));

  it.each([
    ['maxout', false],
    ['leaky-relu', false],
    ['maxout', true],
  ] as const)('save/load round trip in memory gives bit-identical output (D %s; spectral norm, he init, coordinate scale 4, Fourier features: %s)', async (dActivation, spectral) => {
    const config = { ...tinyConfig, dActivation, spectralNorm: spectral, coordinateScale: spectral ? 4 : 1, init: spectral ? ('he' as const) : ('normal' as const), fourierFeatures: spectral ? 3 : 0 };
    const generator = createGenerator(config, 5);
    const discriminator = createDiscriminator(config, 5);
    const [g2, d2] = [await roundTrip(generator), await roundTrip(discriminator)];
    const z = tf.randomNormal([5, config.latentDim], 0, 1, 'float32', 9);
    const x = tf.randomNormal([5, 2 * config.pack], 0, 1, 'float32', 10);
    const outputs = [generator.predict(z), g2.predict(z), discriminator.predict(x), d2.predict(x)] as tf.Tensor[];
    const [a, b, c, d] = await Promise.all(outputs.map(async (t) => Array.from(await t.data())));
    expect(b).toEqual(a);
    expect(d).toEqual(c);
    tf.dispose([z, x, ...outputs]);
    [generator, discriminator, g2, d2].forEach((m) => m.dispose());
  });

  it('validates configs with errors that name the field', () => {
    expect(() => createGenerator({ ...defaults, pack: 0 })).toThrow(/pack must be a positive integer, got 0/);
    expect(() => createDiscriminator({ ...defaults, dActivation: 'tanh' as 'maxout' })).toThrow(/dActivation must be maxout or leaky-relu, got "tanh"/);
    expect(() => createDiscriminator({ ...defaults, r1Gamma: -1 })).toThrow(/r1Gamma must be 0 \(off\) or positive, got -1/);
    expect(() => toy.fitToData({ ...defaults, distribution: 'moons' as 'ring8' }, { height: 0, width: 0, channels: 1, numClasses: 0 })).toThrow(/unknown toy distribution "moons"/);
    expect(Object.keys(presets)).toEqual(['ring8', 'grid25', 'grid25-ttur']);
    expect(Object.keys(toy.fieldDocs).sort()).toEqual(Object.keys(defaults).sort());
  });
});
