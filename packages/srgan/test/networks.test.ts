import * as tf from '@tensorflow/tfjs';
import { expectSeededWeights, roundTrip, useWasmBackend } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { benchmarks, bicubicUpscale, checkConfig, createDiscriminator, createGenerator, defaults, lowResolution, receptiveRadius, srgan, type SrganConfig } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

const trainableCount = (model: tf.LayersModel) => model.trainableWeights.reduce((sum, w) => sum + tf.util.sizeFromShape(w.shape as number[]), 0);


describe('SRGAN networks', () => {
  useWasmBackend();

  it.each([[5, 7], [9, 3], [1, 1], [16, 16]])('G upscales %ix%i inputs to exactly 4x, without leaks', async (h, w) => {
    const generator = createGenerator(tinyConfig, 1);
    const before = tf.memory().numTensors;
    const lr = tf.randomUniform([2, h, w, 3], -1, 1, 'float32', 3);
    const sr = generator.predict(lr) as tf.Tensor;
    expect(sr.shape).toEqual([2, 4 * h, 4 * w, 3]);
    tf.dispose([lr, sr]);
    expect(tf.memory().numTensors).toBe(before);
    generator.dispose();
  });

  it('x2 and x8 generators upscale by their factor', () => {
    for (const scale of [2, 8]) {
      const generator = createGenerator({ ...tinyConfig, scale }, 1);
      expect(generator.outputs[0]!.shape).toEqual([null, null, null, 3]);
      const sr = tf.tidy(() => (generator.predict(tf.zeros([1, 3, 5, 3])) as tf.Tensor).shape);
      expect(sr).toEqual([1, 3 * scale, 5 * scale, 3]);
      generator.dispose();
    }
  });

  it('the bench config has the PyTorch reference\'s networks, parameter for parameter', () => {
    const config = checkConfig({ ...defaults, ...benchmarks['srgan-x4']!.config });
    const generator = createGenerator(config, 0);
    const discriminator = createDiscriminator(config, 0);
    // srgan.py: SRResNet 1,549,462 trainable parameters (single-slope PReLUs); the paper's D 23,565,505.
    expect(trainableCount(generator)).toBe(1_549_462);
    expect(trainableCount(discriminator)).toBe(23_565_505);
    expect(generator.layers.filter((l) => /^res\d+-skip$/.test(l.name))).toHaveLength(16);
    expect(discriminator.getLayer('conv8').outputShape).toEqual([null, 6, 6, 512]);
    expect(discriminator.outputs[0]!.shape).toEqual([null, 1]);
    generator.dispose();
    discriminator.dispose();
  });

  it('an input pixel reaches no output pixel farther than the receptive radius', async () => {
    const generator = createGenerator(tinyConfig, 2);
    const radius = receptiveRadius(tinyConfig); // 4 + 2·2 + 1 + (1 + 1/2) + 1 = 11.5 -> 12
    expect(radius).toBe(12);
    const size = 2 * radius + 9;
    const base = tf.randomUniform([1, size, size, 3], -1, 1, 'float32', 5);
    const centre = (size - 1) / 2;
    const bumped = tf.tidy(() => tf.add(base, tf.scatterND([[0, centre, centre, 0]], [1], [1, size, size, 3])));
    const diff = tf.tidy(() => tf.abs(tf.sub(generator.predict(bumped) as tf.Tensor, generator.predict(base) as tf.Tensor)));
    const values = await diff.data();
    let farthest = 0;
    for (let y = 0; y < 4 * size; y++) {
      for (let x = 0; x < 4 * size; x++) {
        const changed = [0, 1, 2].some((c) => values[(y * 4 * size + x) * 3 + c]! > 0);
        if (changed) farthest = Math.max(farthest, Math.abs(Math.floor(y / 4) - centre), Math.abs(Math.floor(x / 4) - centre));
      }
    }
    expect(farthest).toBeGreaterThan(radius - 3); // the bound is nearly tight
    expect(farthest).toBeLessThanOrEqual(radius);
    tf.dispose([base, bumped, diff]);
    generator.dispose();
  });

  it('with bicubicSkip, the untrained generator is bicubic upscaling, and it saves and loads', async () => {
    const config = { ...tinyConfig, bicubicSkip: true };
    const generator = createGenerator(config, 1);
    const loaded = await roundTrip(generator);
    const hr = tf.randomUniform([2, 12, 20, 3], -1, 1, 'float32', 6) as tf.Tensor4D;
    const [sr, again, bicubic] = tf.tidy(() => {
      const lr = lowResolution(hr, 4);
      return [generator.predict(lr) as tf.Tensor, loaded.predict(lr) as tf.Tensor, bicubicUpscale(lr, 4)];
    });
    const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.round(tf.mul(tf.add(tf.clipByValue(sr!, -1, 1), 1), 127.5)), tf.mul(tf.add(bicubic!, 1), 127.5)))));
    expect((await gap.data())[0]).toBeLessThanOrEqual(1); // bicubicUpscale rounds to 8 bits and clamps
    expect(Array.from(await again!.data())).toEqual(Array.from(await sr!.data()));
    tf.dispose([hr, sr!, again!, bicubic!, gap]);
    generator.dispose();
    loaded.dispose();
  });

  it('D maps HR crops to one logit each', () => {
    const discriminator = createDiscriminator(tinyConfig, 1);
    const logits = tf.tidy(() => (discriminator.predict(tf.zeros([3, 16, 16, 3])) as tf.Tensor).shape);
    expect(logits).toEqual([3, 1]);
    discriminator.dispose();
  });

  it('same seed gives the same weights, another seed other weights', () => expectSeededWeights((seed) => createGenerator(tinyConfig, seed)));

  it('save/load round trip (pixel shuffle, PReLU, BN) gives bit-identical SR output', async () => {
    const generator = createGenerator(tinyConfig, 5);
    const loaded = await roundTrip(generator);
    const lr = tf.randomUniform([1, 7, 5, 3], -1, 1, 'float32', 9);
    const a = generator.predict(lr) as tf.Tensor;
    const b = loaded.predict(lr) as tf.Tensor;
    expect(b.shape).toEqual([1, 28, 20, 3]);
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([lr, a, b]);
    generator.dispose();
    loaded.dispose();
  });

  it('rejects sizes that cannot work, naming them', () => {
    const fit = (c: Partial<SrganConfig>, size = 32) => srgan.fitToData({ ...tinyConfig, ...c }, { height: size, width: size, channels: 3, numClasses: 0 });
    expect(fit({}).imageSize).toBe(32);
    expect(() => fit({ cropSize: 24 })).toThrow(/crop size 24 must be a multiple of 16/);
    expect(() => fit({ cropSize: 48 })).toThrow(/crop size 48 does not fit in the 32 px training images/);
    expect(() => srgan.fitToData({ ...tinyConfig, cropSize: 32 }, { height: 16, width: 64, channels: 3, numClasses: 0 })).toThrow(/crop size 32 does not fit in the 16x64 px/);
    expect(() => fit({ scale: 3 })).toThrow(/scale 3 is not supported/);
    expect(() => fit({ lrDropStep: -1 })).toThrow(/lrDropStep must be 0 \(never\) or a step number, got -1/);
    expect(() => fit({ pretrainLrDropStep: 1.5 })).toThrow(/pretrainLrDropStep must be 0 \(never\) or a step number, got 1.5/);
  });
});
