import type { ImageDataset, TrainingData } from '@ganforge/core/data';
import { defaults, type Pix2pixConfig } from '../src/index.js';

/** A pix2pix small enough to train for tens of steps in a test: 16x16x3, U-Net of 4 downs, widths 4, 16x16 PatchGAN, batch 4. */
export const tinyConfig: Pix2pixConfig = { ...defaults, imageSize: 16, ngf: 4, ndf: 4, nLayersD: 1, batchSize: 4 };

/**
 * `count` seeded pairs size x size x 3: the input is a black square outline on white, the target
 * the same square filled red.
 */
export function tinyPairs(count = 16, size = 16): TrainingData & { source: ImageDataset } {
  const pixels = size * size * 3;
  const a = new Uint8Array(count * pixels).fill(255);
  const b = new Uint8Array(count * pixels).fill(255);
  let s = 12345;
  const random = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const side = Math.max(4, size >> 2);
  for (let i = 0; i < count; i++) {
    const top = Math.floor(random() * (size - side));
    const left = Math.floor(random() * (size - side));
    for (let y = top; y < top + side; y++) {
      for (let x = left; x < left + side; x++) {
        const p = i * pixels + (y * size + x) * 3;
        b.set([220, 40, 40], p);
        if (y === top || x === left || y === top + side - 1 || x === left + side - 1) a.set([0, 0, 0], p);
      }
    }
  }
  const dataset = (name: string, images: Uint8Array): ImageDataset => ({
    name, count, height: size, width: size, channels: 3, images, labels: new Int32Array(count), classNames: [],
  });
  return { source: dataset('outlines', a), images: dataset('filled', b), paired: true };
}
