import type { TrainingData } from '@ganforge/core/data';
import { defaults, type ToyConfig } from '../src/index.js';

/** A toy GAN small enough to train for tens of steps in a test: 2 hidden layers of 16, batch 16 pairs. */
export const tinyConfig: ToyConfig = { ...defaults, gLayers: 2, gUnits: 16, dLayers: 2, dUnits: 16, maxoutPieces: 3, batchSize: 16, lrG: 1e-3, lrD: 1e-3 };

/** What the CLI hands the loop for a synthetic family: no images at all. */
export const syntheticData = (): TrainingData => ({
  images: { name: 'synthetic', count: 0, height: 0, width: 0, channels: 1, images: new Uint8Array(0), labels: new Int32Array(0), classNames: [] },
});

/** Interleaved [x0, y0, x1, y1, ...] from pairs. */
export const flat = (points: readonly (readonly [number, number])[]): Float32Array => Float32Array.from(points.flat());
