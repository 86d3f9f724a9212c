import * as tf from '@tensorflow/tfjs';
import { upsample2d } from '@ganforge/core/layers';
import { maxAbsDifference, roundTrip, useWasmBackend } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import {
  createDiscriminator,
  createGenerator,
  criticize,
  defaults,
  presets,
  progan,
  progressAt,
  setDiscriminatorLevel,
  setGeneratorLevel,
  synthesize,
  type ProganConfig,
} from '../src/index.js';
import { tinyConfig } from './fixtures.js';

const values = async (t: tf.Tensor) => Array.from((await t.data()) as Float32Array);

describe('ProGAN networks', () => {
  useWasmBackend();

  it('G and D run at every resolution with the right shapes, without leaks', async () => {
    const before = tf.memory().numTensors;
    const generator = createGenerator(tinyConfig, 1);
    const discriminator = createDiscriminator(tinyConfig, 1);
    const z = tf.randomNormal([4, 8], 0, 1, 'float32', 2) as tf.Tensor2D;
    for (const [level, size] of [[0, 4], [1, 8], [2, 16]] as const) {
      const images = synthesize(generator, z, level, 0.5);
      expect(images.shape).toEqual([4, size, size, 1]);
      const scores = criticize(discriminator, images, level, 0.5);
      expect(scores.shape).toEqual([4, 1]);
      tf.dispose([images, scores]);
    }
    const full = generator.predict(z) as tf.Tensor;
    expect(full.shape).toEqual([4, 16, 16, 1]);
    const scores = discriminator.predict(full) as tf.Tensor;
    expect(scores.shape).toEqual([4, 1]);
    tf.dispose([z, full, scores]);
    generator.dispose();
    discriminator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("has the paper's channels (Table 2): 512 up to 32x32, halving to 16 at 1024", () => {
    const generator = createGenerator({ ...defaults, ...presets['celeba-hq1024']!.config, fmapBase: 16384 / 16, fmapMax: 512 / 16, latentDim: 16 }, 0);
    const widths = [4, 8, 16, 32, 64, 128, 256, 512, 1024].map((r) => (generator.getLayer(`g${r}-torgb`).input as tf.SymbolicTensor).shape[3]);
    expect(widths.map((w) => (w as number) * 16)).toEqual([512, 512, 512, 512, 256, 128, 64, 32, 16]);
    generator.dispose();
  });

  it('fade-in: alpha 0 is the previous network upsampled (G) or on the pooled input (D); the graph output follows the level', async () => {
    const generator = createGenerator(tinyConfig, 3);
    const discriminator = createDiscriminator(tinyConfig, 3);
    const z = tf.randomNormal([4, 8], 0, 1, 'float32', 4) as tf.Tensor2D;
    const x = tf.randomUniform([4, 16, 16, 1], -1, 1, 'float32', 5) as tf.Tensor4D;
    for (const level of [1, 2]) {
      const size = 4 * 2 ** level;
      const [startOfFade, previous] = [synthesize(generator, z, level, 0), synthesize(generator, z, level - 1, 1)];
      const previousUp = upsample2d(previous, 2);
      expect(await values(startOfFade)).toEqual(await values(previousUp));
      const pooled = tf.avgPool(x, 16 / size, 16 / size, 'valid') as tf.Tensor4D;
      const [dStart, dPrevious] = [criticize(discriminator, pooled, level, 0), criticize(discriminator, tf.avgPool(pooled, 2, 2, 'valid'), level - 1, 1)];
      expect(await values(dStart)).toEqual(await values(dPrevious));
      // alpha 1: the graphs at this level (every other resolution weighted 0) equal the eager paths.
      setGeneratorLevel(generator, level);
      setDiscriminatorLevel(discriminator, level);
      const [graph, eager] = [generator.predict(z) as tf.Tensor, upsample2d(synthesize(generator, z, level, 1), 16 / size)];
      expect(await maxAbsDifference(graph, eager)).toBeLessThan(1e-6);
      const [dGraph, dEager] = [discriminator.predict(x) as tf.Tensor, criticize(discriminator, pooled, level, 1)];
      expect(await maxAbsDifference(dGraph, dEager)).toBeLessThan(1e-4);
      // Mid-fade: the graphs blend like the eager paths.
      setGeneratorLevel(generator, level - 0.5);
      setDiscriminatorLevel(discriminator, level - 0.5);
      const [graphMid, eagerMid] = [generator.predict(z) as tf.Tensor, upsample2d(synthesize(generator, z, level, 0.5), 16 / size)];
      expect(await maxAbsDifference(graphMid, eagerMid)).toBeLessThan(1e-5);
      const [dGraphMid, dEagerMid] = [discriminator.predict(x) as tf.Tensor, criticize(discriminator, pooled, level, 0.5)];
      expect(await maxAbsDifference(dGraphMid, dEagerMid)).toBeLessThan(1e-4);
      tf.dispose([startOfFade, previous, previousUp, pooled, dStart, dPrevious, graph, eager, dGraph, dEager, graphMid, eagerMid, dGraphMid, dEagerMid]);
    }
    tf.dispose([z, x]);
    generator.dispose();
    discriminator.dispose();
  });

  it('schedules phases by images seen, with per-resolution batch sizes', () => {
    const at = (config: ProganConfig, step: number) => {
      const p = progressAt(config, step);
      return [p.phase, p.resolution, p.alpha, p.batch, p.imagesSeen];
    };
    // 8 images per phase at batch 4: two steps each; the last phase never ends.
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 50].map((s) => at(tinyConfig, s))).toEqual([
      [0, 4, 1, 4, 0], [0, 4, 1, 4, 4], [1, 8, 0, 4, 8], [1, 8, 0.5, 4, 12], [2, 8, 1, 4, 16], [2, 8, 1, 4, 20],
      [3, 16, 0, 4, 24], [3, 16, 0.5, 4, 28], [4, 16, 1, 4, 32], [4, 16, 1, 4, 200],
    ]);
    // Batch 8 at 4x4 and 8x8: one step per phase there; 16x16 uses batchSize 4.
    const mixed = { ...tinyConfig, batchSizes: { 4: 8, 8: 8 } };
    expect([0, 1, 2, 3, 4].map((s) => at(mixed, s))).toEqual([[0, 4, 1, 8, 0], [1, 8, 0, 8, 8], [2, 8, 1, 8, 16], [3, 16, 0, 4, 24], [3, 16, 0.5, 4, 28]]);
    expect(progressAt({ ...tinyConfig, fixedLevel: 1.25 }, 99)).toMatchObject({ phase: 3, level: 2, resolution: 16, alpha: 0.25, fading: true, lod: 1.25 });
    expect(() => progan.fitToData(tinyConfig, { height: 28, width: 28, channels: 1, numClasses: 0 })).toThrow(/4·2\^k .* got 28: pass e.g. --size 32/);
    expect(() => progan.fitToData(tinyConfig, { height: 32, width: 64, channels: 1, numClasses: 0 })).toThrow(/^progan needs square images, got 32x64: its networks are square by design; pass --size N \(e.g. --size 32\)$/);
    expect(() => progan.fitToData({ ...tinyConfig, batchSizes: { 8: 6 } }, { height: 16, width: 16, channels: 1, numClasses: 0 })).toThrow(/batch size 6 at 8x8 is not a multiple/);
  });

  it('same seed gives the same weights; a save/load round trip keeps the level and the output', async () => {
    const weights = async (seed: number) => {
      const g = createGenerator(tinyConfig, seed);
      const v = await Promise.all(g.getWeights().map(values));
      g.dispose();
      return v;
    };
    expect(await weights(5)).toEqual(await weights(5));
    expect(await weights(5)).not.toEqual(await weights(6));
    const generator = createGenerator(tinyConfig, 7);
    setGeneratorLevel(generator, 1.5);
    const loaded = await roundTrip(generator);
    const z = tf.randomNormal([2, 8], 0, 1, 'float32', 8);
    const [a, b] = [generator.predict(z) as tf.Tensor, loaded.predict(z) as tf.Tensor];
    expect(await values(b)).toEqual(await values(a));
    tf.dispose([z, a, b]);
    generator.dispose();
    loaded.dispose();
  });
});
