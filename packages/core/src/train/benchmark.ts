/**
 * Times full training iterations (D update + G update, as the family's trainStep does them) on
 * random data of the right shape, after warm-up: the measurement behind every bench row.
 */
import * as tf from '@tensorflow/tfjs';
import { adaStateFor } from '../augment/discriminator-augment.js';
import { explainBackendFailure } from '../backend/init.js';
import { gpuWorkCounter } from '../backend/webgpu/work-counter.js';
import type { ImageDataset } from '../data/dataset.js';
import { createOptimizers } from '../optim/optimizers.js';
import type { Architecture, TrainHyperparameters } from '../family/architecture.js';
import { BatchSource } from '../data/batches.js';
import { seededContext } from './context.js';
import { mulberry32 } from '../random/rng.js';

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
  /** tfjs kernel calls in one iteration (the profiled warm-up iteration). */
  kernelsPerStep: number;
  /** webgpu: compute dispatches sent to the GPU per timed iteration (mean); undefined elsewhere. */
  dispatchesPerStep?: number;
  /** webgpu: queue submits per timed iteration (mean); undefined elsewhere. */
  submitsPerStep?: number;
  /** With `kernelTimes`: the profiled iteration's kernels by name, most time first. */
  kernelTable?: KernelTime[];
}

/** One kernel's share of a profiled iteration. */
export interface KernelTime {
  /** tfjs kernel name. */
  name: string;
  /** Calls in the iteration. */
  calls: number;
  /** Summed kernel time, ms (GPU time on webgpu, where the adapter has timestamp queries). */
  ms: number;
}

/** Kernel calls and times of a tf.profile result, grouped by kernel name, most time first. */
async function kernelTable(kernels: { name: string; kernelTimeMs: number | { error: string } | Promise<number | { error: string }> }[]): Promise<KernelTime[]> {
  const byName = new Map<string, KernelTime>();
  for (const kernel of kernels) {
    const time = await kernel.kernelTimeMs;
    const entry = byName.get(kernel.name) ?? { name: kernel.name, calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += typeof time === 'number' ? time : 0;
    byName.set(kernel.name, entry);
  }
  return [...byName.values()].sort((a, b) => b.ms - a.ms || b.calls - a.calls);
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
  options: { steps: number; warmup?: number; seed?: number; kernelTimes?: boolean; label?: string },
): Promise<BenchmarkResult> {
  const { steps, warmup = 2, seed = 0, kernelTimes = false, label } = options;
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
    let kernelsPerStep = 0;
    let table: KernelTime[] | undefined;
    for (let i = 0; i < warmup; i++) {
      if (i === warmup - 1) {
        const profile = await tf.profile(async () => {
          await architecture.trainStep(context(i));
          return [];
        });
        peakTensorBytes = profile.peakBytes;
        kernelsPerStep = profile.kernels.length;
        if (kernelTimes) table = await kernelTable(profile.kernels);
      } else {
        await architecture.trainStep(context(i));
      }
    }
    const stepMs: number[] = [];
    const work = gpuWorkCounter();
    const before = work ? { ...work } : undefined;
    for (let i = 0; i < steps; i++) {
      const start = performance.now();
      await architecture.trainStep(context(warmup + i)); // reads its losses back: the step is finished
      stepMs.push(performance.now() - start);
    }
    const sorted = [...stepMs].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const stepMsMedian = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    const result: BenchmarkResult = { steps, stepMsMedian, imagesPerSecond: (config.batchSize * 1000) / stepMsMedian, peakTensorBytes, stepMs, kernelsPerStep };
    if (work && before && steps > 0) {
      result.dispatchesPerStep = (work.dispatches - before.dispatches) / steps;
      result.submitsPerStep = (work.submits - before.submits) / steps;
    }
    if (table) result.kernelTable = table;
    return result;
  } catch (error) {
    throw explainBackendFailure(error, { config: label, batchSize: config.batchSize });
  } finally {
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    Object.values(nets).forEach((net) => net.dispose());
  }
}
