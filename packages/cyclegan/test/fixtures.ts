import type { ImageDataset, TrainingData } from '@ganforge/core/data';
import { defaults, type CycleganConfig } from '../src/index.js';

/** A CycleGAN small enough to train for a few steps in a test: 16x16x3, ngf 4, 1 residual block, 16x16 PatchGANs, batch 2, pools of 3. */
export const tinyConfig: CycleganConfig = { ...defaults, imageSize: 16, ngf: 4, nBlocks: 1, ndf: 4, nLayersD: 1, batchSize: 2, poolSize: 3 };

/**
 * Two unpaired domains of `count` seeded size x size x 3 images: A, a light square on dark blue;
 * B, a dark square on light yellow (squares at independent places).
 */
export function tinyDomains(count = 12, size = 16): TrainingData & { source: ImageDataset } {
  const pixels = size * size * 3;
  let s = 777;
  const random = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const domain = (name: string, background: number[], square: number[]): ImageDataset => {
    const images = new Uint8Array(count * pixels);
    const side = size >> 1;
    for (let i = 0; i < count; i++) {
      const [top, left] = [Math.floor(random() * (size - side)), Math.floor(random() * (size - side))];
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const inside = y >= top && y < top + side && x >= left && x < left + side;
          images.set(inside ? square : background, i * pixels + (y * size + x) * 3);
        }
      }
    }
    return { name, count, height: size, width: size, channels: 3, images, labels: new Int32Array(count), classNames: [] };
  };
  return { source: domain('A', [20, 30, 90], [230, 230, 230]), images: domain('B', [240, 230, 150], [40, 40, 40]), paired: false };
}
