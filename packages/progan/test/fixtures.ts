import type { ImageDataset } from '@ganforge/core';
import { defaults, type ProganConfig } from '../src/index.js';

/**
 * A ProGAN small enough to grow in a test: 4x4 -> 16x16x1, 8 channels (4 at 16x16), batch 4, two
 * steps per phase: steps 0-1 4x4, 2-3 fade-in of 8x8 (alpha 0, 0.5), 4-5 stable 8x8, 6-7 fade-in
 * of 16x16, 8- stable 16x16.
 */
export const tinyConfig: ProganConfig = {
  ...defaults,
  imageSize: 16,
  channels: 1,
  latentDim: 8,
  fmapBase: 64,
  fmapMax: 8,
  fadeImages: 8,
  stableImages: 8,
  batchSize: 4,
  batchSizes: {},
  ema: 0,
};

/** 32 seeded 16x16x1 images: bright squares at random places on black. */
export function tinyDataset(): ImageDataset {
  const count = 32;
  const size = 16;
  const images = new Uint8Array(count * size * size);
  let s = 12345;
  const random = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) {
    const top = Math.floor(random() * 9);
    const left = Math.floor(random() * 9);
    for (let y = top; y < top + 8; y++) for (let x = left; x < left + 8; x++) images[i * size * size + y * size + x] = 255;
  }
  return { name: 'squares', count, height: size, width: size, channels: 1, images, labels: new Int32Array(count), classNames: [] };
}
