/**
 * The step-time cost of augmentation, measured as a ratio in one process: two copies of the same
 * model (same seed, same random data), one training plain and one with augmentation, their steps
 * interleaved (A B, B A, A B, ...). The ratio is the median over those adjacent pairs of
 * augmented / plain, so that changes in the machine's speed (other processes) fall on both alike.
 */
import { createOptimizers } from '../optim/optimizers.js';
import type { Architecture, TrainHyperparameters } from '../family/architecture.js';
import { BatchSource } from '../data/batches.js';
import { randomImages } from '../train/benchmark.js';
import { seededContext } from '../train/context.js';
import type { AugmentConfig } from './config.js';
import { adaStateFor } from './discriminator-augment.js';

export interface AugmentOverhead {
  /** Iterations timed per setup (after warm-up). */
  steps: number;
  /** Median step time without augmentation, ms. */
  plainMs: number;
  /** Median step time with augmentation, ms. */
  augmentedMs: number;
  /** Median over adjacent pairs of steps of augmented / plain step time. */
  ratio: number;
  /** The same from the process's CPU time, when options.cpuTime is given: on a machine shared with other work, steadier than wall time. */
  cpuRatio?: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Times `steps` iterations of `architecture` with `config` (augment 'none') and with `config` plus
 * `augment` (e.g. { augment: 'diffaugment' }), interleaved, on random images of shape `image`.
 * An ADA config starts at `adaP` (default 1: every transform on, the most it costs).
 */
export async function benchmarkAugmentOverhead<C extends TrainHyperparameters>(
  architecture: Architecture<C>,
  config: C,
  image: { size: number; channels: 1 | 3 },
  options: {
    augment: Partial<AugmentConfig>;
    steps: number;
    warmup?: number;
    seed?: number;
    adaP?: number;
    /** This process's CPU time in ms (Node: process.cpuUsage()), to report cpuRatio. */
    cpuTime?: () => number;
  },
): Promise<AugmentOverhead> {
  const { steps, warmup = 2, seed = 0 } = options;
  const data = { images: randomImages(image.size, image.channels, config.batchSize * 2, seed) };
  const setup = (cfg: C) => {
    const nets = architecture.build(cfg, seed);
    const optimizers = createOptimizers(nets, cfg);
    const batches = new BatchSource(data, cfg.batchSize, seed);
    const ada = adaStateFor(cfg);
    if (ada) ada.p = options.adaP ?? 1;
    let drawn = 0;
    const step = async (i: number): Promise<[number, number]> => {
      const [start, cpuStart] = [performance.now(), options.cpuTime?.() ?? 0];
      await architecture.trainStep(seededContext<C>({ config: cfg, nets, optimizers, step: i, nextBatch: () => batches.batch(drawn++), ...(ada ? { ada } : {}) }, seed));
      return [performance.now() - start, (options.cpuTime?.() ?? 0) - cpuStart];
    };
    const dispose = () => {
      optimizers.generator.dispose();
      optimizers.discriminator.dispose();
      Object.values(nets).forEach((net) => net.dispose());
    };
    return { step, dispose };
  };
  const plain = setup({ ...config, augment: 'none' });
  const augmented = setup({ ...config, ...options.augment });
  try {
    for (let i = 0; i < warmup; i++) {
      await plain.step(i);
      await augmented.step(i);
    }
    const plainMs: [number, number][] = [];
    const augmentedMs: [number, number][] = [];
    for (let i = 0; i < steps; i++) {
      const order = i % 2 === 0 ? [plain, augmented] : [augmented, plain];
      for (const s of order) (s === plain ? plainMs : augmentedMs).push(await s.step(warmup + i));
    }
    const ratio = (k: 0 | 1) => median(augmentedMs.map((a, i) => a[k] / plainMs[i]![k]));
    return {
      steps,
      plainMs: median(plainMs.map(([wall]) => wall)),
      augmentedMs: median(augmentedMs.map(([wall]) => wall)),
      ratio: ratio(0),
      ...(options.cpuTime ? { cpuRatio: ratio(1) } : {}),
    };
  } finally {
    plain.dispose();
    augmented.dispose();
  }
}
