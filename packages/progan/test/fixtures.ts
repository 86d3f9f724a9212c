import { squaresDataset } from '@ganforge/family-testing';
import type { ImageDataset } from '@ganforge/core/data';
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

/** 32 seeded 16x16x1 images: bright 8x8 squares at random places on black. */
export const tinyDataset = (): ImageDataset => squaresDataset({ size: 16, side: 8 });
