import * as tf from '@tensorflow/tfjs';
import { modelReceptiveField } from '@ganforge/core/networks';
import { expectRoundTripIdentical, useWasmBackend } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { createDiscriminator, createGenerator, cyclegan, defaults, residualBlocks, type CycleganConfig } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

const countParams = (model: tf.LayersModel) => model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);

/** PyTorch's ConvTranspose2d(k, stride 2, padding 1, output_padding 1) on one image [H, W, Cin] by its definition (scatter). */
function torchConvTranspose(x: Float32Array, h: number, w: number, cin: number, kernel: Float32Array, k: number, cout: number): Float32Array {
  const full = 2 * h + 1; // (H - 1)·2 + k for k = 3
  const out = new Float32Array(full * full * cout);
  for (let iy = 0; iy < h; iy++) for (let ix = 0; ix < w; ix++) for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) {
    for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) {
      // tfjs conv2dTranspose kernel layout: [kh, kw, outChannels, inChannels]
      out[((2 * iy + ky) * full + (2 * ix + kx)) * cout + o]! += x[(iy * w + ix) * cin + i]! * kernel[((ky * k + kx) * cout + o) * cin + i]!;
    }
  }
  // padding 1 drops the first row and column; output_padding 1 keeps the last: rows 1..2H.
  const result = new Float32Array(2 * h * 2 * w * cout);
  for (let y = 0; y < 2 * h; y++) for (let xx = 0; xx < 2 * w; xx++) for (let o = 0; o < cout; o++) result[(y * 2 * w + xx) * cout + o] = out[((y + 1) * full + xx + 1) * cout + o]!;
  return result;
}

describe('CycleGAN networks', () => {
  useWasmBackend();

  it.each([
    ['16x16, 2 blocks', { ...tinyConfig }, 16, [6, 6]],
    ['64x64, 6 blocks by default, 70x70 PatchGAN', { ...tinyConfig, imageSize: 64, nBlocks: 0, nLayersD: 3 }, 64, [6, 6]],
    ['256x256, 9 blocks by default', { ...tinyConfig, imageSize: 256, nBlocks: 0, ngf: 1, ndf: 1, nLayersD: 3 }, 256, [30, 30]],
  ])('%s: G maps [N, S, S, C] to the same shape in [-1, 1], D to patch logits, without leaks', async (_name, config, size, patches) => {
    const before = tf.memory().numTensors;
    const generator = createGenerator(config as CycleganConfig, 1);
    const discriminator = createDiscriminator(config as CycleganConfig, 1);
    expect(generator.layers.filter((l) => l.name.endsWith('-add'))).toHaveLength(residualBlocks(config));
    const x = tf.randomUniform([1, size, size, 3], -1, 1, 'float32', 2);
    const y = generator.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([1, size, size, 3]);
    const largest = tf.tidy(() => tf.max(tf.abs(y)));
    expect((await largest.data())[0]).toBeLessThanOrEqual(1);
    const logits = discriminator.predict(y) as tf.Tensor;
    expect(logits.shape).toEqual([1, ...patches, 1]);
    tf.dispose([x, y, largest, logits]);
    generator.dispose();
    discriminator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("has the reference's layers: 6 blocks below 256 and 9 from 256, its parameter counts, 70x70 patches", () => {
    expect([residualBlocks({ imageSize: 128, nBlocks: 0 }), residualBlocks({ imageSize: 256, nBlocks: 0 }), residualBlocks({ imageSize: 64, nBlocks: 9 })]).toEqual([6, 9, 9]);
    const config: CycleganConfig = { ...defaults, ngf: 8, ndf: 8 };
    const generator = createGenerator(config, 0);
    const discriminator = createDiscriminator(config, 0);
    // junyanz's ResnetGenerator(3, 3, ngf=8, n_blocks=9) and NLayerDiscriminator(3, ndf=8) with instance norm,
    // counted from the reference's layer list (at 64: 11,378,179 and 2,764,737).
    expect(countParams(generator)).toBe(180_419);
    expect(countParams(discriminator)).toBe(44_537);
    expect(modelReceptiveField(discriminator)).toBe(70);
    expect(generator.getLayer('block9-add').outputShape).toEqual([null, 64, 64, 32]);
    generator.dispose();
    discriminator.dispose();
  });

  it("pads as PyTorch: the stride-2 convs by 1 on every side, the transposed convs as padding 1 + output_padding 1", async () => {
    const generator = createGenerator({ ...tinyConfig, ngf: 2 }, 3);
    // Transposed conv: [1, 4, 4, 8] -> [1, 8, 8, 4], against the definition.
    const x = tf.randomNormal([1, 4, 4, 8], 0, 1, 'float32', 4);
    const up = generator.getLayer('up1-crop').apply(generator.getLayer('up1').apply(x)) as tf.Tensor;
    const kernel = (await generator.getLayer('up1').getWeights()[0]!.data()) as Float32Array;
    const expected = torchConvTranspose((await x.data()) as Float32Array, 4, 4, 8, kernel, 3, 4);
    const got = await up.data();
    expect(up.shape).toEqual([1, 8, 8, 4]);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(expected[i]!, 4);
    // Stride-2 conv: output (0, 0) sees input rows and columns -1..1 (the first padded by a zero).
    const image = tf.randomNormal([1, 8, 8, 2], 0, 1, 'float32', 5);
    const down = generator.getLayer('down1').apply(generator.getLayer('down1-pad').apply(image)) as tf.Tensor;
    expect(down.shape).toEqual([1, 4, 4, 4]);
    const [w, b] = generator.getLayer('down1').getWeights();
    const [kv, bv, iv] = [await w!.data(), await b!.data(), await image.data()];
    let corner = bv[0]!;
    for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) for (let c = 0; c < 2; c++) {
      const [yy, xx] = [ky - 1, kx - 1];
      if (yy >= 0 && xx >= 0) corner += iv[(yy * 8 + xx) * 2 + c]! * kv[((ky * 3 + kx) * 2 + c) * 4]!;
    }
    expect((await down.data())[0]).toBeCloseTo(corner, 4);
    tf.dispose([x, up, image, down]);
    generator.dispose();
  });

  it('builds four seeded networks and a pool; rejects what it cannot train', async () => {
    const nets = cyclegan.build(tinyConfig, 7);
    expect(Object.keys(nets).sort()).toEqual(['discriminator', 'discriminatorA', 'generator', 'generatorBA', 'pool']);
    const first = async (m: tf.LayersModel) => Array.from(await m.getWeights()[0]!.data());
    expect(await first(nets.generator)).not.toEqual(await first(nets.generatorBA!));
    const again = cyclegan.build(tinyConfig, 7);
    expect(await first(again.generatorBA!)).toEqual(await first(nets.generatorBA!));
    Object.values(nets).forEach((n) => n.dispose());
    Object.values(again).forEach((n) => n.dispose());
    const poolless = cyclegan.build({ ...tinyConfig, poolSize: 0 }, 1);
    expect(Object.keys(poolless)).not.toContain('pool');
    Object.values(poolless).forEach((n) => n.dispose());
    expect(cyclegan.fitToData(tinyConfig, { height: 16, width: 20, channels: 3, numClasses: 0 })).toMatchObject({ imageSize: 0, imageHeight: 16, imageWidth: 20 });
    expect(() => cyclegan.fitToData(tinyConfig, { height: 18, width: 18, channels: 3, numClasses: 0 })).toThrow(/image size 18 needs sides that are multiples of 4 .*; nearest valid sizes: 16, 20$/);
    expect(() => cyclegan.fitToData(tinyConfig, { height: 30, width: 64, channels: 3, numClasses: 0 })).toThrow(/image size 30x64 needs .*; nearest valid sizes: 28x64, 32x64$/);
    expect(() => cyclegan.fitToData({ ...tinyConfig, loss: 'wasserstein' as CycleganConfig['loss'] }, { height: 16, width: 16, channels: 3, numClasses: 0 })).toThrow(/--loss non-saturating or least-squares, not wasserstein/);
  });

  it('runs images independently: a batch of two gives what two passes give (instance norm is per image), so the step can batch them', async () => {
    const generator = createGenerator(tinyConfig, 6);
    const discriminator = createDiscriminator(tinyConfig, 6);
    const [a, b] = [tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 1), tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 2)];
    for (const net of [generator, discriminator]) {
      const together = net.apply(tf.concat([a, b], 0), { training: true }) as tf.Tensor;
      const apart = tf.concat([net.apply(a, { training: true }) as tf.Tensor, net.apply(b, { training: true }) as tf.Tensor], 0);
      const [x, y] = [await together.data(), await apart.data()];
      for (let i = 0; i < x.length; i++) expect(x[i]).toBeCloseTo(y[i]!, 5);
      tf.dispose([together, apart]);
    }
    tf.dispose([a, b]);
    generator.dispose();
    discriminator.dispose();
  });

  it('save/load round trip in memory gives bit-identical outputs (reflection pads and instance norms included)', async () => {
    await expectRoundTripIdentical([createGenerator(tinyConfig, 5), createDiscriminator(tinyConfig, 5)]);
  });
});
