/**
 * Times full training iterations (D update + G update, as the family's trainStep does them) on
 * random data of the right shape, after warm-up: the measurement behind every bench row.
 */
import * as tf from '@tensorflow/tfjs';
import { adaStateFor } from '../augment/discriminator-augment.js';
import { explainBackendFailure } from '../backend/init.js';
import type { ImageDataset } from '../data/dataset.js';
import { createOptimizers } from './adam.js';
import type { Architecture, TrainHyperparameters } from './architecture.js';
import { BatchSource } from './batches.js';
import { seededContext } from './context.js';
import { mulberry32 } from './rng.js';

export interface BenchmarkResult {
  /** Iterations timed (after warm-up). */
  steps: number;
  /** Median wall time of one iteration, ms. */
  stepMsMedian: number;
  /** Batch size divided by the median step time. */
  imagesPerSecond: number;
  /** Peak bytes of live tensors during one profiled warm-up iteration. */
  peakTensorBytes: number;
  /** Every timed iteration, ms. */
  stepMs: number[];
}

/** Random 8-bit images of the config's shape, enough for a few batches. */
export function randomImages(size: number, channels: 1 | 3, count: number, seed: number): ImageDataset {
  const random = mulberry32(seed);
  const images = Uint8Array.from({ length: count * size * size * channels }, () => Math.floor(random() * 256));
  return { name: 'random', count, height: size, width: size, channels, images, labels: new Int32Array(count), classNames: [] };
}

/** Times `steps` iterations of `architecture` with `config` on random images of shape `image`. */
export async function benchmarkTraining<C extends TrainHyperparameters>(
  architecture: Architecture<C>,
  config: C,
  image: { size: number; channels: 1 | 3 },
  options: { steps: number; warmup?: number; seed?: number },
): Promise<BenchmarkResult> {
  const { steps, warmup = 2, seed = 0 } = options;
  const nets = architecture.build(config, seed);
  const optimizers = createOptimizers(nets, config);
  const images = randomImages(image.size, image.channels, config.batchSize * 2, seed);
  const translation = architecture.data === 'paired' || architecture.data === 'unpaired';
  const data = translation
    ? { images, source: randomImages(image.size, image.channels, config.batchSize * 2, seed + 1), paired: architecture.data === 'paired' }
    : { images };
  const batches = new BatchSource(data, config.batchSize, seed);
  let drawn = 0;
  const ada = adaStateFor(config);
  const context = (step: number) => seededContext<C>({ config, nets, optimizers, step, nextBatch: () => batches.batch(drawn++), ...(ada ? { ada } : {}) }, seed);
  try {
    let peakTensorBytes = 0;
    for (let i = 0; i < warmup; i++) {
      if (i === warmup - 1) {
        const profile = await tf.profile(async () => {
          await architecture.trainStep(context(i));
          return [];
        });
        peakTensorBytes = profile.peakBytes;
      } else {
        await architecture.trainStep(context(i));
      }
    }
    const stepMs: number[] = [];
    for (let i = 0; i < steps; i++) {
      const start = performance.now();
      await architecture.trainStep(context(warmup + i)); // reads its losses back: the step is finished
      stepMs.push(performance.now() - start);
    }
    const sorted = [...stepMs].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const stepMsMedian = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return { steps, stepMsMedian, imagesPerSecond: (config.batchSize * 1000) / stepMsMedian, peakTensorBytes, stepMs };
  } catch (error) {
    throw explainBackendFailure(error);
  } finally {
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    Object.values(nets).forEach((net) => net.dispose());
  }
}
