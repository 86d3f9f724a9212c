import * as tf from '@tensorflow/tfjs';
import { SeededDropout } from '@ganforge/core/layers';
import { modelReceptiveField } from '@ganforge/core/networks';
import { expectRoundTripIdentical, expectSeededWeights, useWasmBackend } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { createDiscriminator, createGenerator, defaults, pix2pix, unetDowns, type Pix2pixConfig } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

const countParams = (model: tf.LayersModel) => model.trainableWeights.concat(model.nonTrainableWeights)
  .filter((w) => !w.name.includes('moving') && !w.name.includes('calls'))
  .reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);

describe('pix2pix networks', () => {
  useWasmBackend();

  it.each([
    ['16x16, 4 downs, 16x16 PatchGAN', { ...tinyConfig }, 16, 4, [6, 6]],
    ['32x32, 5 downs, 70x70 PatchGAN', { ...tinyConfig, imageSize: 32, nLayersD: 3 }, 32, 5, [2, 2]],
    ['64x64, 6 downs (as unet for pix2pix-64)', { ...tinyConfig, imageSize: 64, nLayersD: 3, ngf: 2, ndf: 2 }, 64, 6, [6, 6]],
    ['64x64 with numDowns 4: a 4x4 bottleneck', { ...tinyConfig, imageSize: 64, numDowns: 4 }, 64, 4, [30, 30]],
  ])('%s: G maps [N, S, S, C] to the same shape in [-1, 1], D [input, output] to patch logits, without leaks', async (_name, config, size, downs, patches) => {
    expect(unetDowns(config)).toBe(downs);
    const before = tf.memory().numTensors;
    const generator = createGenerator(config as Pix2pixConfig, 1);
    const discriminator = createDiscriminator(config as Pix2pixConfig, 1);
    expect(generator.getLayer(`down${downs}`).outputShape).toEqual([null, size / 2 ** downs, size / 2 ** downs, config.ngf * Math.min(2 ** (downs - 1), 8)]);
    const x = tf.randomUniform([2, size, size, 3], -1, 1, 'float32', 2);
    const y = generator.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, size, size, 3]);
    const largest = tf.tidy(() => tf.max(tf.abs(y)));
    expect((await largest.data())[0]).toBeLessThanOrEqual(1);
    const pair = tf.concat([x, y], 3);
    const logits = discriminator.predict(pair) as tf.Tensor;
    expect(logits.shape).toEqual([2, ...patches, 1]);
    tf.dispose([x, y, largest, pair, logits]);
    generator.dispose();
    discriminator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("builds unet_256 and the 70x70 PatchGAN of the reference: skips at every level, dropout at levels 5-7, the reference's parameter counts", () => {
    const config: Pix2pixConfig = { ...defaults, ngf: 8, ndf: 8 };
    const generator = createGenerator(config, 0);
    const discriminator = createDiscriminator(config, 0);
    expect(generator.getLayer('down8').outputShape).toEqual([null, 1, 1, 64]); // the 1x1 bottleneck
    // Decoder level k reads [encoder level k, decoder level k + 1] concatenated, for k = 1..7.
    for (let k = 1; k <= 7; k++) {
      const inbound = generator.getLayer(`skip${k}`).inboundNodes[0]!.inboundLayers.map((l) => l.name);
      const encoder = k === 1 ? 'down1' : `down${k}-bn`;
      const decoder = k + 1 >= 5 && k + 1 < 8 ? `up${k + 1}-dropout` : `up${k + 1}-bn`;
      expect(inbound).toEqual([encoder, decoder]);
    }
    const dropouts = generator.layers.filter((l) => l instanceof SeededDropout).map((l) => l.name);
    expect(dropouts).toEqual(['up7-dropout', 'up6-dropout', 'up5-dropout']);
    // Parameters of junyanz's UnetGenerator(3, 3, 8, ngf=8) and NLayerDiscriminator(6, ndf=8, n_layers=3),
    // with BatchNorm: counted from the reference's layer list (at ngf = ndf = 64: 54,413,955 and 2,768,705).
    expect(countParams(generator)).toBe(852_307);
    expect(countParams(discriminator)).toBe(45_033);
    expect(modelReceptiveField(discriminator)).toBe(70);
    generator.dispose();
    discriminator.dispose();
  });

  it('rejects what it cannot build, naming the value', () => {
    expect(pix2pix.fitToData(tinyConfig, { height: 16, width: 32, channels: 3, numClasses: 0 })).toMatchObject({ imageSize: 0, imageHeight: 16, imageWidth: 32 });
    expect(() => pix2pix.fitToData(tinyConfig, { height: 24, width: 24, channels: 3, numClasses: 0 })).toThrow(/image size 24 does not fit the U-Net, which needs a power of two .*; nearest valid sizes: 16, 32$/);
    expect(() => pix2pix.fitToData(tinyConfig, { height: 30, width: 64, channels: 3, numClasses: 0 })).toThrow(/image size 30x64 does not fit the U-Net.*; nearest valid sizes: 32x64$/);
    expect(() => pix2pix.fitToData({ ...tinyConfig, numDowns: 3 }, { height: 20, width: 64, channels: 3, numClasses: 0 })).toThrow(/both sides divisible by 2\^3 \(numDowns\); nearest valid sizes: 16x64, 24x64$/);
    expect(() => pix2pix.fitToData({ ...tinyConfig, loss: 'hinge' as Pix2pixConfig['loss'] }, { height: 16, width: 16, channels: 3, numClasses: 0 })).toThrow(/--loss non-saturating or least-squares, not hinge/);
    expect(() => pix2pix.fitToData({ ...tinyConfig, nLayersD: 5 }, { height: 16, width: 16, channels: 3, numClasses: 0 })).toThrow(/nLayersD 5 needs image sides divisible by 32; got 16/);
    expect(pix2pix.fitToData(tinyConfig, { height: 32, width: 32, channels: 1, numClasses: 0 })).toMatchObject({ imageSize: 32, channels: 1 });
  });

  it('same seed gives the same weights, another seed other weights', () => expectSeededWeights((seed) => createGenerator(tinyConfig, seed)));

  it('save/load round trip in memory gives bit-identical outputs (U-Net with dropout layers, PatchGAN)', async () => {
    const config: Pix2pixConfig = { ...tinyConfig, imageSize: 64, ngf: 2, ndf: 2 };
    await expectRoundTripIdentical([createGenerator(config, 5), createDiscriminator(config, 5)]);
  });
});
