import type { ImageDataset } from '@ganforge/core';
import { defaults, type StyleganConfig } from '../src/index.js';

/** A StyleGAN small enough to train in a test: 16x16x1, z = w = 8, 2 mapping layers, 8 channels (4 at 16x16), batch 4, R1 every 2 steps. */
export const tinyConfig: StyleganConfig = {
  ...defaults,
  imageSize: 16,
  channels: 1,
  latentDim: 8,
  wDim: 8,
  mappingLayers: 2,
  fmapBase: 64,
  fmapMax: 8,
  batchSize: 4,
  r1Every: 2,
  styleMixingProb: 0.5,
  ema: 0,
};

/** 32 seeded 16x16x1 images: bright squares at random places on black. */
export function tinyDataset(): ImageDataset {
  const count = 32;
  const size = 16;
  const images = new Uint8Array(count * size * size);
  let s = 54321;
  const random = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) {
    const top = Math.floor(random() * 9);
    const left = Math.floor(random() * 9);
    for (let y = top; y < top + 8; y++) for (let x = left; x < left + 8; x++) images[i * size * size + y * size + x] = 255;
  }
  return { name: 'squares', count, height: size, width: size, channels: 1, images, labels: new Int32Array(count), classNames: [] };
}
