import { squaresDataset } from '@ganforge/family-testing';
import type { ImageDataset } from '@ganforge/core/data';
import { defaults, type DcganConfig } from '../src/index.js';

/** A DCGAN small enough to train for tens of steps in a test: 8x8x1, widths 8, batch 8. */
export const tinyConfig: DcganConfig = { ...defaults, imageSize: 8, channels: 1, ngf: 8, ndf: 8, latentDim: 8, batchSize: 8 };

/** 32 seeded 8x8x1 images: bright 4x4 squares at random places on black. */
export const tinyDataset = (): ImageDataset => squaresDataset({ size: 8, side: 4 });
