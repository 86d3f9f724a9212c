import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDiscriminator, decisionSurface, renderScatter, type Rgb } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('scatter plots and decision surfaces', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('draws a dot where its point is, builds up overlaps, skips points outside the window and NaN', async () => {
    const red: Rgb = [255, 0, 0];
    const points = tf.tensor2d([[0, 0], [0, 0], [0.5, 1], [5, 0], [Number.NaN, 0]]);
    const before = tf.memory().numTensors;
    const image = renderScatter({ size: 5, window: [-1, 1], gridStep: 0, layers: [{ points, color: red, radius: 0, alpha: 0.5 }] });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(image.shape).toEqual([5, 5, 3]);
    const v = await image.data();
    const pixel = (row: number, column: number) => Array.from(v.slice((row * 5 + column) * 3, (row * 5 + column) * 3 + 3));
    // Two points at the centre: coverage 1 - 0.5² = 0.75 of red over white.
    expect(pixel(2, 2).map((c) => Number(c.toFixed(5)))).toEqual([1, 0.25, 0.25]);
    // (0.5, 1): column round(0.75·4) = 3, top row.
    expect(pixel(0, 3).map((c) => Number(c.toFixed(5)))).toEqual([1, 0.5, 0.5]);
    const painted = Array.from({ length: 25 }, (_, i) => pixel(Math.floor(i / 5), i % 5)).filter((p) => p[1]! < 1);
    expect(painted).toHaveLength(2);
    tf.dispose([points, image]);
  });

  it('σ(D) on a grid of cell centres, row 0 at the top; a packed D sees the point repeated', async () => {
    // D(x, y, x, y) = leaky(x + x) with one hidden unit: σ(2x) for x > 0, σ(0.4x) for x < 0.
    const config = { ...tinyConfig, pack: 2, dLayers: 1, dUnits: 1, dActivation: 'leaky-relu' as const };
    const discriminator = createDiscriminator(config, 0);
    discriminator.getLayer('hidden1').setWeights([tf.tensor2d([[1], [0], [1], [0]]), tf.zeros([1])]);
    discriminator.getLayer('logit').setWeights([tf.ones([1, 1]), tf.zeros([1])]);
    const before = tf.memory().numTensors;
    const surface = await decisionSurface(discriminator, config, { resolution: 4, window: [-2, 2] });
    expect(tf.memory().numTensors).toBe(before);
    expect(surface.values).toHaveLength(16);
    const centres = [-1.5, -0.5, 0.5, 1.5];
    for (let row = 0; row < 4; row++) {
      centres.forEach((x, column) => expect(surface.values[row * 4 + column]).toBeCloseTo(sigmoid(x > 0 ? 2 * x : 0.4 * x), 5));
    }
    discriminator.dispose();
  });
});
