import type { ImageDataset } from '@ganforge/core';
import { defaults, type DcganConfig } from '../src/index.js';

/** A DCGAN small enough to train for tens of steps in a test: 8x8x1, widths 8, batch 8. */
export const tinyConfig: DcganConfig = { ...defaults, imageSize: 8, channels: 1, ngf: 8, ndf: 8, latentDim: 8, batchSize: 8 };

/** 32 seeded 8x8x1 images: bright squares at random places on black. */
export function tinyDataset(): ImageDataset {
  const count = 32;
  const images = new Uint8Array(count * 64);
  let s = 12345;
  const random = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) {
    const top = Math.floor(random() * 5);
    const left = Math.floor(random() * 5);
    for (let y = top; y < top + 4; y++) for (let x = left; x < left + 4; x++) images[i * 64 + y * 8 + x] = 255;
  }
  return { name: 'squares', count, height: 8, width: 8, channels: 1, images, labels: new Int32Array(count), classNames: [] };
}
