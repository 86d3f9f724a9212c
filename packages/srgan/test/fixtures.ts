import type { ImageDataset } from '@ganforge/core/data';
import { defaults, type SrganConfig } from '../src/index.js';

/** An x4 SRGAN small enough to train for tens of steps in a test: 2 blocks of 8 channels, 16px crops, batch 4. */
export const tinyConfig: SrganConfig = {
  ...defaults,
  ngf: 8,
  residualBlocks: 2,
  ndf: 8,
  denseUnits: 16,
  cropSize: 16,
  imageSize: 32,
  batchSize: 4,
  pretrainSteps: 2,
  lrG: 1e-3,
  lrD: 1e-3,
};

/** `count` seeded size x size RGB images: soft colour blobs over a gradient, with one hard-edged rectangle. */
export function tinyDataset(count = 12, size = 32, seed = 7): ImageDataset {
  const images = new Uint8Array(count * size * size * 3);
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) {
    const blobs = Array.from({ length: 3 }, () => ({ x: random() * size, y: random() * size, r: 3 + random() * 8, colour: [random(), random(), random()] }));
    const rect = { x0: Math.floor(random() * size / 2), y0: Math.floor(random() * size / 2), w: 4 + Math.floor(random() * size / 3), h: 4 + Math.floor(random() * size / 3), v: random() };
    const tilt = [random(), random(), random()];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < 3; c++) {
          let v = 0.2 + 0.4 * tilt[c]! * (x + y) / (2 * size);
          for (const b of blobs) v += 0.5 * b.colour[c]! * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r));
          if (x >= rect.x0 && x < rect.x0 + rect.w && y >= rect.y0 && y < rect.y0 + rect.h) v = 0.5 * v + 0.5 * rect.v;
          images[((i * size + y) * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v * 255)));
        }
      }
    }
  }
  return { name: 'blobs', count, height: size, width: size, channels: 3, images, labels: new Int32Array(count), classNames: [] };
}
