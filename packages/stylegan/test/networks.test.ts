import * as tf from '@tensorflow/tfjs';
import { maxAbsDifference, roundTrip, useWasmBackend } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import {
  createDiscriminator,
  createGenerator,
  directionFromCodes,
  directionFromSeeds,
  editCode,
  generateImages,
  imagesOfW,
  mapping,
  ModulatedConv2D,
  NoiseInjection,
  numWs,
  parseLayerRange,
  stylegan,
  seedCode,
  styleMixGrid,
  synthesize,
  truncation,
  wOfSeeds,
} from '../src/index.js';
import { tinyConfig } from './fixtures.js';

const values = async (t: tf.Tensor) => Array.from((await t.data()) as Float32Array);
const std = (v: number[]) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
};

describe('StyleGAN networks', () => {
  useWasmBackend();

  it('G maps z to [N, S, S, C] (graph = eager path with one w), D to [N, 1], without leaks', async () => {
    const before = tf.memory().numTensors;
    const generator = createGenerator(tinyConfig, 1);
    const discriminator = createDiscriminator(tinyConfig, 1);
    expect(numWs(16)).toBe(6);
    const z = tf.randomNormal([4, 8], 0, 1, 'float32', 2) as tf.Tensor2D;
    const w = mapping(generator, tinyConfig, z);
    expect(w.shape).toEqual([4, 8]);
    const [graph, eager] = [generator.predict(z) as tf.Tensor, generateImages(generator, tinyConfig, z)];
    expect(graph.shape).toEqual([4, 16, 16, 1]);
    expect(await maxAbsDifference(graph, eager)).toBeLessThan(1e-5);
    const logits = discriminator.predict(graph) as tf.Tensor;
    expect(logits.shape).toEqual([4, 1]);
    tf.dispose([z, w, graph, eager, logits]);
    generator.dispose();
    discriminator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('modulated conv with demodulation keeps unit variance for unit-variance input, and equals per-example weights W·s·d', async () => {
    const layer = new ModulatedConv2D({ filters: 32, kernelSize: 3, seed: 3 });
    const plain = new ModulatedConv2D({ filters: 32, kernelSize: 3, seed: 3, demodulate: false });
    const x = tf.randomNormal([6, 12, 12, 32], 0, 1, 'float32', 4) as tf.Tensor4D;
    const w = tf.mul(tf.randomNormal([6, 16], 0, 1, 'float32', 5), 3) as tf.Tensor2D; // large styles: s far from 1
    const y = layer.apply([x, w]) as tf.Tensor4D;
    plain.apply([x, w]);
    plain.setWeights(layer.getWeights());
    const yPlain = plain.apply([x, w]) as tf.Tensor4D;
    const interior = (t: tf.Tensor4D) => tf.slice(t, [0, 1, 1, 0], [6, 10, 10, 32]); // away from the zero padding
    const [yi, pi] = [interior(y), interior(yPlain)];
    expect(std(await values(yi))).toBeGreaterThan(0.9);
    expect(std(await values(yi))).toBeLessThan(1.1);
    expect(Math.abs(std(await values(pi)) - 1)).toBeGreaterThan(0.3); // without demodulation the styles scale the output

    // Example 0 by the paper's formula: convolve with W'_{ijk} = W·c·s_i / √(Σ (W·c·s)² + ε).
    const [kernel, affineKernel, affineBias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor2D, tf.Tensor1D];
    const reference = tf.tidy(() => {
      const s = tf.add(tf.matMul(tf.slice(w, 0, 1), tf.div(affineKernel, 4)), affineBias); // [1, 32], 1/√16
      const scaled = tf.mul(tf.mul(kernel, 1 / Math.sqrt(9 * 32)), tf.reshape(s, [1, 1, 32, 1])); // [3, 3, 32, 32]
      const demodulated = tf.mul(scaled, tf.rsqrt(tf.add(tf.sum(tf.square(scaled), [0, 1, 2], true), 1e-8)));
      return tf.conv2d(tf.slice(x, 0, 1), demodulated as tf.Tensor4D, 1, 'same');
    });
    expect(await maxAbsDifference(tf.slice(y, 0, 1), reference)).toBeLessThan(1e-4);
    tf.dispose([x, w, y, yPlain, yi, pi, reference]);
    layer.dispose();
    plain.dispose();
  });

  it('noise: constant by default, the given noise in training, scaled by a strength that starts at 0', async () => {
    const layer = new NoiseInjection({ seed: 1 });
    const x = tf.zeros([2, 3, 3, 2]);
    const noise = tf.ones([2, 3, 3, 1]);
    const first = layer.apply(x) as tf.Tensor;
    expect(await values(first)).toEqual(new Array(36).fill(0));
    const constant = layer.getWeights()[2]; // strength, bias, constant noise
    layer.setWeights([tf.scalar(0.5), tf.tensor1d([0, -1]), constant!]);
    const given = layer.apply(x, { noise }) as tf.Tensor;
    // lrelu(0.5·1 + b)·√2: channel 0 -> 0.5√2, channel 1 -> lrelu(-0.5)·√2 = -0.1√2
    expect((await values(given)).slice(0, 2).map((v) => v / Math.SQRT2)).toEqual([expect.closeTo(0.5, 6), expect.closeTo(-0.1, 6)]);
    const [a, b] = [layer.apply(x) as tf.Tensor, layer.apply(x) as tf.Tensor];
    expect(await values(a)).toEqual(await values(b));
    expect(await values(a)).not.toEqual(await values(given));
    tf.dispose([x, noise, first, given, a, b]);
    layer.dispose();
  });

  it('truncation ψ = 0 gives the mean-w image for every seed; ψ = 1 leaves w alone', async () => {
    const generator = createGenerator(tinyConfig, 6);
    truncation(generator).track(tf.fill([8], 0.3) as tf.Tensor1D, 0); // w̄ := 0.3
    const z = tf.randomNormal([3, 8], 0, 1, 'float32', 7) as tf.Tensor2D;
    const images = tf.clipByValue(generateImages(generator, tinyConfig, z, { psi: 0 }), -1, 1); // imagesOfW clips
    const mean = imagesOfW(generator, tinyConfig, tf.fill([1, 8], 0.3) as tf.Tensor2D);
    for (let i = 0; i < 3; i++) expect(await maxAbsDifference(tf.slice(images, i, 1), mean)).toBeLessThan(1e-6);
    const [free, graph] = [generateImages(generator, tinyConfig, z, { psi: 1 }), generator.predict(z) as tf.Tensor];
    expect(await maxAbsDifference(free, graph)).toBeLessThan(1e-5);
    tf.dispose([z, images, mean, free, graph]);
    generator.dispose();
  });

  it('style mixing: the grid has the sources on its edges; mixing every layer gives the column image, none the row image', async () => {
    const generator = createGenerator(tinyConfig, 8);
    const count = numWs(16);
    const code = (seeds: number[]) => seedCode(generator, tinyConfig, seeds);
    const [rows, cols] = [code([1, 2]), code([3, 4, 5])];
    const grid = styleMixGrid(generator, tinyConfig, { rows, cols, layers: [0, count - 1] });
    expect(grid.columns).toBe(4);
    expect(grid.images.shape).toEqual([12, 16, 16, 1]);
    const cell = (r: number, c: number) => tf.slice(grid.images, r * 4 + c, 1);
    // Row 0: gray corner, then columns' images; column 0: rows' images; all layers mixed = the column image.
    expect(await values(cell(0, 0))).toEqual(new Array(256).fill(0));
    expect(await maxAbsDifference(cell(1, 2), cell(0, 2))).toBeLessThan(1e-6);
    expect(await maxAbsDifference(cell(2, 3), cell(0, 3))).toBeLessThan(1e-6);
    // Fine layers only: differs from both sources.
    const [row, col] = [code([1]), code([3])];
    const fine = styleMixGrid(generator, tinyConfig, { rows: row, cols: col, layers: [count - 2, count - 1] });
    const mixedCell = tf.slice(fine.images, 3, 1);
    expect(await maxAbsDifference(mixedCell, tf.slice(fine.images, 2, 1))).toBeGreaterThan(1e-4);
    expect(await maxAbsDifference(mixedCell, tf.slice(fine.images, 1, 1))).toBeGreaterThan(1e-4);
    expect(parseLayerRange('2-4', tinyConfig)).toEqual([2, 4]);
    expect(() => parseLayerRange('3-6', tinyConfig)).toThrow(/0 <= a <= b < 6/);
    tf.dispose([grid.images, fine.images, ...[rows, cols, row, col].flatMap((c) => Object.values(c))]);
    generator.dispose();
  });

  it('directions: mean w difference of labelled seeds; an edit passes through the seed', async () => {
    const generator = createGenerator(tinyConfig, 9);
    const direction = directionFromSeeds(generator, tinyConfig, [1, 2], [3]);
    const w = wOfSeeds(generator, tinyConfig, [1, 2, 3]);
    const expected = tf.tidy(() => tf.sub(tf.slice(w, 2, 1), tf.mean(tf.slice(w, 0, 2), 0, true)));
    expect(await maxAbsDifference(tf.reshape(direction, [1, 8]), expected)).toBeLessThan(1e-5);
    const seed = seedCode(generator, tinyConfig, [1]);
    const edited = editCode(seed, direction, 5, 2);
    const path = tf.squeeze(edited.w!, [1]);
    expect(path.shape).toEqual([5, 8]);
    expect(await maxAbsDifference(tf.slice(path, 2, 1), tf.slice(w, 0, 1))).toBeLessThan(1e-6);
    expect(await maxAbsDifference(tf.sub(tf.slice(path, 3, 1), tf.slice(path, 2, 1)), expected)).toBeLessThan(1e-5);
    tf.dispose([direction, w, expected, path, seed.w!, edited.w!]);
    generator.dispose();
  });

  it('directions from codes: mean w (over rows and layers) of the rows classified b minus those classified a, classified in batches', async () => {
    const generator = createGenerator(tinyConfig, 9);
    const before = tf.memory().numTensors;
    const w = tf.randomNormal([5, numWs(16), 8], 0, 1, 'float32', 12) as tf.Tensor3D; // a w+ code of 5 images
    const labels = [2, 0, 2, 1, 0]; // rows 1 and 4 are class 0, row 3 class 1
    const batches: number[] = [];
    const classify = async (images: tf.Tensor4D) => {
      batches.push(images.shape[0]);
      const start = batches.reduce((a, b) => a + b, 0) - images.shape[0];
      return Int32Array.from(labels.slice(start, start + images.shape[0]));
    };
    const { direction, counts } = await directionFromCodes(generator, tinyConfig, { w }, classify, [0, 1], 2);
    expect(batches).toEqual([2, 2, 1]);
    expect(counts).toEqual([2, 1]);
    const rowMean = (rows: number[]) => tf.mean(tf.gather(w, rows), [0, 1]);
    const expected = tf.tidy(() => tf.sub(rowMean([3]), rowMean([1, 4])));
    expect(await maxAbsDifference(direction!, expected)).toBeLessThan(1e-6);
    batches.length = 0;
    const missing = await directionFromCodes(generator, tinyConfig, { w }, classify, [0, 7], 5);
    expect(missing).toEqual({ counts: [2, 0] });
    tf.dispose([w, direction!, expected]);
    expect(tf.memory().numTensors).toBe(before);
    generator.dispose();
  });

  it('save/load round trip keeps every weight (constant noise, tracked mean w) and the output; fitToData checks sizes', async () => {
    const generator = createGenerator(tinyConfig, 10);
    truncation(generator).track(tf.fill([8], -0.2) as tf.Tensor1D, 0.5);
    const loaded = await roundTrip(generator);
    const z = tf.randomNormal([2, 8], 0, 1, 'float32', 11) as tf.Tensor2D;
    const [a, b] = [generateImages(generator, tinyConfig, z, { psi: 0.5 }), generateImages(loaded, tinyConfig, z, { psi: 0.5 })];
    expect(await values(b)).toEqual(await values(a));
    expect(await values(truncation(loaded).average)).toEqual(new Array(8).fill(expect.closeTo(-0.1, 6)));
    expect(() => stylegan.fitToData(tinyConfig, { height: 28, width: 28, channels: 1, numClasses: 0 })).toThrow(/4·2\^k .* got 28/);
    expect(() => stylegan.fitToData(tinyConfig, { height: 64, width: 32, channels: 1, numClasses: 0 })).toThrow(/^stylegan needs square images, got 64x32: its networks are square by design; pass --size N \(e.g. --size 32\)$/);
    tf.dispose([z, a, b]);
    generator.dispose();
    loaded.dispose();
    void synthesize;
  });
});
