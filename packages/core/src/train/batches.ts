/**
 * Seeded batches from an in-memory dataset. Batch k of a run is fixed by (seed, k): examples are
 * taken in order from a fresh permutation per epoch, so a resumed run reads exactly the batches a
 * straight run would have read.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/dataset.js';
import type { RealBatch } from './architecture.js';
import { deriveSeed, permutation, rngStreams } from './rng.js';

export class BatchSource {
  private readonly perms = new Map<number, Int32Array>();

  constructor(
    readonly dataset: ImageDataset,
    readonly batchSize: number,
    readonly seed: number,
  ) {}

  /** Index of the example at position p of the run's endless, epoch-by-epoch shuffled stream. */
  private exampleAt(position: number): number {
    const n = this.dataset.count;
    const epoch = Math.floor(position / n);
    let perm = this.perms.get(epoch);
    if (perm === undefined) {
      perm = permutation(n, deriveSeed(this.seed, rngStreams.dataOrder, epoch));
      this.perms.set(epoch, perm);
      this.perms.delete(epoch - 2);
    }
    return perm[position % n]!;
  }

  /** Batch number `index` (0-based over the run): images in [-1, 1] and labels. Caller disposes. */
  batch(index: number): RealBatch {
    const { height, width, channels, images, labels } = this.dataset;
    const pixels = height * width * channels;
    const data = new Float32Array(this.batchSize * pixels);
    const batchLabels = new Int32Array(this.batchSize);
    for (let j = 0; j < this.batchSize; j++) {
      const example = this.exampleAt(index * this.batchSize + j);
      const offset = example * pixels;
      for (let p = 0; p < pixels; p++) data[j * pixels + p] = images[offset + p]! / 127.5 - 1;
      batchLabels[j] = labels[example]!;
    }
    return {
      images: tf.tensor4d(data, [this.batchSize, height, width, channels]),
      labels: tf.tensor1d(batchLabels, 'int32'),
    };
  }
}
