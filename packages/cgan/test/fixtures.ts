import type { ImageDataset } from '@ganforge/core/data';
import { defaults, type CganConfig } from '../src/index.js';

/** A cGAN small enough to train for tens of steps in a test: 8x8x1, 3 classes, widths 8, batch 6. */
export const tinyConfig: CganConfig = {
  ...defaults,
  imageSize: 8,
  channels: 1,
  numClasses: 3,
  ngf: 8,
  ndf: 8,
  latentDim: 8,
  embeddingDim: 4,
  kernelSize: 3,
  batchSize: 6,
};

/** Every switch on: projection D with spectral norm, conditional batch norm and orthogonal regularisation in G. */
export const tinyBigGanConfig: CganConfig = { ...tinyConfig, projection: true, spectralNorm: true, conditionalBatchNorm: true, orthogonalReg: 1e-2, loss: 'hinge' };

/** 30 seeded 8x8x1 images in 3 classes: a bright square top-left (a), bottom-right (b), or a horizontal bar (c). */
export function tinyDataset(): ImageDataset {
  const count = 30;
  const images = new Uint8Array(count * 64);
  const labels = new Int32Array(count);
  let s = 12345;
  const random = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) {
    const label = i % 3;
    labels[i] = label;
    const jitter = Math.floor(random() * 2);
    const [top, left, h, w] = label === 0 ? [jitter, jitter, 3, 3] : label === 1 ? [5 - jitter, 5 - jitter, 3, 3] : [3 + jitter, 0, 2, 8];
    for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) images[i * 64 + y * 8 + x] = 255;
  }
  return { name: 'shapes', count, height: 8, width: 8, channels: 1, images, labels, classNames: ['a', 'b', 'c'] };
}
