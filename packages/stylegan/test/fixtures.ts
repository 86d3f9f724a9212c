import { squaresDataset } from '@ganforge/family-testing';
import type { ImageDataset } from '@ganforge/core/data';
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

/** 32 seeded 16x16x1 images: bright 8x8 squares at random places on black. */
export const tinyDataset = (): ImageDataset => squaresDataset({ size: 16, side: 8, seed: 54321 });
