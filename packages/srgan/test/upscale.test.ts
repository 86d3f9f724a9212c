import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
import type { PixelImage } from '@ganforge/core/image';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGenerator, receptiveRadius, srgan, toChannels, upscaleImage } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

/** A seeded 8-bit RGB image of odd size. */
function image(width: number, height: number, seed: number): PixelImage {
  let s = seed;
  const data = Uint8Array.from({ length: width * height * 3 }, () => (s = (s * 1103515245 + 12345) >>> 0) >>> 24);
  return { width, height, channels: 3, data };
}

/** Largest channel difference at output pixel (x, y). */
const difference = (a: PixelImage, b: PixelImage, x: number, y: number) =>
  Math.max(...[0, 1, 2].map((c) => Math.abs(a.data[(y * a.width + x) * 3 + c]! - b.data[(y * b.width + x) * 3 + c]!)));

describe('tiled upscaling', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('gives exactly 4x odd-sized images, and equals the whole-image result with a full overlap', async () => {
    const generator = createGenerator(tinyConfig, 3);
    const input = image(37, 29, 1);
    const before = tf.memory().numTensors;
    const whole = await upscaleImage(generator, input, tinyConfig, { tileSize: 1000 });
    const tiles: number[] = [];
    const tiled = await upscaleImage(generator, input, tinyConfig, { tileSize: 10, onTile: (done, total) => tiles.push(done, total) });
    expect(tf.memory().numTensors).toBe(before);
    expect([whole.width, whole.height, whole.channels]).toEqual([148, 116, 3]);
    expect([tiled.width, tiled.height]).toEqual([148, 116]);
    expect(tiles.slice(-2)).toEqual([12, 12]); // ceil(29/10) x ceil(37/10) tiles, each reported
    let worst = 0;
    for (let y = 0; y < whole.height; y++) for (let x = 0; x < whole.width; x++) worst = Math.max(worst, difference(whole, tiled, x, y));
    expect(worst).toBeLessThanOrEqual(1); // float rounding may move a value across an 8-bit level
    generator.dispose();
  });

  it('without overlap, differs at tile seams but matches farther than the receptive radius from them', async () => {
    const generator = createGenerator(tinyConfig, 4);
    const input = image(60, 30, 2);
    const whole = await upscaleImage(generator, input, tinyConfig, { tileSize: 1000 });
    const tiled = await upscaleImage(generator, input, tinyConfig, { tileSize: 30, overlap: 0 });
    const radius = receptiveRadius(tinyConfig);
    let nearSeam = 0;
    let farFromSeam = 0;
    for (let y = 0; y < whole.height; y++) {
      for (let x = 0; x < whole.width; x++) {
        // The only seam is the vertical line x = 30 (LR); image borders are borders in both runs.
        const distance = Math.abs(Math.floor(x / 4) + 0.5 - 30);
        const d = difference(whole, tiled, x, y);
        if (distance < 2) nearSeam = Math.max(nearSeam, d);
        if (distance > radius) farFromSeam = Math.max(farFromSeam, d);
      }
    }
    expect(nearSeam).toBeGreaterThan(1);
    expect(farFromSeam).toBeLessThanOrEqual(1);
    generator.dispose();
  });

  it('is the architecture\'s upscale hook, converts gray inputs, and refuses bad tiles', async () => {
    expect(srgan.upscale).toBe(upscaleImage);
    const generator = createGenerator(tinyConfig, 5);
    const gray: PixelImage = { width: 3, height: 2, channels: 1, data: Uint8Array.from([0, 50, 100, 150, 200, 250]) };
    expect(Array.from(toChannels(gray, 3).data.subarray(0, 6))).toEqual([0, 0, 0, 50, 50, 50]);
    const out = await upscaleImage(generator, gray, tinyConfig);
    expect([out.width, out.height, out.channels]).toEqual([12, 8, 3]);
    await expect(upscaleImage(generator, gray, tinyConfig, { tileSize: 0 })).rejects.toThrow(/tile size must be a positive integer/);
    generator.dispose();
  });
});
