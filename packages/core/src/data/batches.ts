/**
 * Seeded batches from in-memory data. Batch k of a run is fixed by (seed, k): examples are taken in
 * order from a fresh permutation per epoch, so a resumed run reads exactly the batches a straight
 * run would have read. Paired source images follow their targets; an unpaired source domain has its
 * own permutation stream.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset, TrainingData } from './dataset.js';
import type { RealBatch } from '../family/architecture.js';
import { deriveSeed, permutation, rngStreams } from '../random/rng.js';

/** Position -> example index over an endless, epoch-by-epoch shuffled stream. */
class ShuffledOrder {
  private readonly perms = new Map<number, Int32Array>();

  constructor(
    private readonly count: number,
    private readonly seed: number,
    private readonly stream: number,
  ) {}

  exampleAt(position: number): number {
    const epoch = Math.floor(position / this.count);
    let perm = this.perms.get(epoch);
    if (perm === undefined) {
      perm = permutation(this.count, deriveSeed(this.seed, this.stream, epoch));
      this.perms.set(epoch, perm);
      this.perms.delete(epoch - 2);
    }
    return perm[position % this.count]!;
  }
}

/** Images `examples` of `dataset` as a [N, H, W, C] tensor in [-1, 1]. */
function imageTensor(dataset: ImageDataset, examples: Int32Array): tf.Tensor4D {
  const { height, width, channels, images } = dataset;
  const pixels = height * width * channels;
  const data = new Float32Array(examples.length * pixels);
  examples.forEach((example, j) => {
    const offset = example * pixels;
    for (let p = 0; p < pixels; p++) data[j * pixels + p] = images[offset + p]! / 127.5 - 1;
  });
  return tf.tensor4d(data, [examples.length, height, width, channels]);
}

export class BatchSource {
  private readonly order: ShuffledOrder;
  private readonly sourceOrder?: ShuffledOrder;

  constructor(
    readonly data: TrainingData,
    readonly batchSize: number,
    readonly seed: number,
  ) {
    const { images, source, paired } = data;
    if (source && paired && source.count !== images.count) {
      throw new Error(`paired data needs as many source images as targets, got ${source.count} and ${images.count}`);
    }
    this.order = new ShuffledOrder(images.count, seed, rngStreams.dataOrder);
    if (source && !paired) this.sourceOrder = new ShuffledOrder(source.count, seed, rngStreams.sourceOrder);
  }

  /** Batch number `index` (0-based over the run). Caller disposes. */
  batch(index: number): RealBatch {
    const { images, source } = this.data;
    const examples = Int32Array.from({ length: this.batchSize }, (_, j) => this.order.exampleAt(index * this.batchSize + j));
    const batch: RealBatch = {
      images: imageTensor(images, examples),
      labels: tf.tensor1d(examples.map((e) => images.labels[e]!), 'int32'),
    };
    if (source) {
      const sourceOrder = this.sourceOrder;
      const sourceExamples = sourceOrder
        ? Int32Array.from({ length: this.batchSize }, (_, j) => sourceOrder.exampleAt(index * this.batchSize + j))
        : examples;
      batch.source = imageTensor(source, sourceExamples);
    }
    return batch;
  }
}
