import type * as tf from '@tensorflow/tfjs';
import type { Architecture, BackendReport, Networks, TrainContext, TrainHyperparameters } from '@ganforge/core';
import type { ImageDataset, TrainingData } from '@ganforge/core/data';
import type { Adam } from '@ganforge/core/optim';
import type { CheckpointMeta, TrainRunResult } from '@ganforge/core/train';
import type { TrainRunOptions } from '@ganforge/core/node';

export interface HarnessOptions<C extends TrainHyperparameters> {
  architecture: Architecture<C>;
  /** The tiny config every run starts from. */
  config: C;
  /** Fresh training data for each run. */
  data: () => TrainingData;
  /** Name recorded in the checkpoint. Default 'tiny data'. */
  dataSource?: string;
  /** Steps of a run. Default 5. */
  steps?: number;
  /** Seed of a run. Default 11. */
  seed?: number;
}

export interface TrainingHarness<C extends TrainHyperparameters> {
  /** The wasm backend, once the file's beforeAll has run. */
  readonly backend: BackendReport;
  /** A path inside the file's scratch folder. */
  path: (...parts: string[]) => string;
  /** trainRun into path(out): the harness config, data, steps and seed, no samples or checkpoints on the way; `overrides` win. */
  run: (out: string, overrides?: Partial<TrainRunOptions<C>>) => Promise<TrainRunResult>;
  /** Trains path(out) to `step` (overrides win) and returns its checkpoint, to resume from; asserts its step. */
  checkpointAt: (out: string, step: number, overrides?: Partial<TrainRunOptions<C>>) => Promise<{ dir: string; meta: CheckpointMeta }>;
  /** Trains path(out) for 2 steps (overrides win) and asserts both steps logged finite D and G losses. */
  expectFiniteLosses: (out: string, overrides: Partial<TrainRunOptions<C>>) => Promise<void>;
  /** Every byte the run's checkpoint holds about the model, base64 by file: each network's weights and both optimizers' moments. */
  checkpointBytes: (out: string) => Promise<Record<string, string>>;
  /** The run's metrics.jsonl, one object per line. */
  log: <T = Record<string, number>>(out: string) => Promise<T[]>;
}

/** Registers beforeAll (wasm backend, scratch folder) and afterAll (removes it) in the calling test file. */
export declare function trainingHarness<C extends TrainHyperparameters>(options: HarnessOptions<C>): TrainingHarness<C>;

/** Optimizers for `nets` and seeded step contexts over `data` in batches of config.batchSize (batch k from (seed, k)); ADA configs share one AdaState across the contexts. */
export declare function stepContexts<C extends TrainHyperparameters>(
  config: C,
  nets: Networks,
  data: TrainingData,
  seed?: number,
): { optimizers: { generator: Adam; discriminator: Adam }; ctx: (step: number) => TrainContext<C> };

/** Saves a model in memory and loads it back through tfjs' own serialisation (weights and config). */
export declare function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel>;

/** Asserts that build(seed) gives the same weights for the same seed and others for another seed; disposes what it built. */
export declare function expectSeededWeights(build: (seed: number) => tf.LayersModel | tf.LayersModel[]): Promise<void>;

export interface LeakCheckOptions<C extends TrainHyperparameters> {
  architecture: Architecture<C>;
  config: C;
  /** Training data of the step contexts; a synthetic family passes `nextBatch` instead. */
  data?: TrainingData;
  /** Replaces the contexts' data loader (a synthetic family's must never be called). */
  nextBatch?: () => never;
  /** Steps counted. Default 3. */
  steps?: number;
  /** Steps taken first, outside the count (layers that build state on their first call). Default 0. */
  warmUp?: number;
  /** The names every step reports, sorted. */
  metricKeys: string[];
  /** Further checks of each counted step's metrics. */
  check?: (metrics: Record<string, number>) => void;
}

/** Trains `steps` steps of freshly built networks and asserts each reports `metricKeys` and that no tensor is left over; disposes what it built. */
export declare function expectStepsLeakNothing<C extends TrainHyperparameters>(options: LeakCheckOptions<C>): Promise<void>;

/** Registers a beforeAll that starts the wasm backend, for a network-test file. */
export declare function useWasmBackend(): void;

/** `count` (default 32) size x size gray images, seeded by `seed` (default 12345): a bright side x side square at a random place on black. */
export declare function squaresDataset(options: { count?: number; size: number; side: number; seed?: number }): ImageDataset;

/** Largest |a - b| over two tensors of the same shape (asserted). */
export declare function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): Promise<number>;

/** Asserts that each model, saved and loaded in memory, gives bit-identical outputs on a seeded batch of 2; disposes the models. */
export declare function expectRoundTripIdentical(models: tf.LayersModel[]): Promise<void>;

export interface AugmentationTestOptions<C extends TrainHyperparameters> {
  /** The family's name in the test titles. */
  name: string;
  /** The file's harness (its config, data, steps 5 and seed). */
  harness: TrainingHarness<C>;
  /** The harness's config; the tests add the augmentation fields to it. */
  config: C;
  /** Real images the family's D updates of one step show ADA's controller (batch · dSteps, or per discriminator). */
  imagesPerStep: number;
  /** Settings under which D overfits within `steps` (e.g. G frozen with lrG 1e-12, a fast lrD), for the p test. */
  overfit: { config: Partial<C>; steps: number };
}

/** Registers the augmentation tests of a family that runs DiffAugment and ADA in its own train step (see index.js). */
export declare function describeAugmentation<C extends TrainHyperparameters>(options: AugmentationTestOptions<C>): void;

export interface NonSquareTestOptions<C extends TrainHyperparameters> {
  architecture: Architecture<C>;
  /** A tiny config of the family; fitToData sets the shape from the data. */
  config: C;
  /** The images' height and width (height != width). */
  height: number;
  width: number;
  /** Channels of the noise images. Default 1. */
  channels?: 1 | 3;
  /** Classes of labelled data (conditional families). Default 0. */
  classes?: number;
  /** Images (pairs, or images per domain) in the data. Default 8. */
  count?: number;
  /** How many times larger than its input the family's output is (super-resolution). Default 1. */
  scale?: number;
}

/** Registers the non-square image tests of a family (see index.js). */
export declare function describeNonSquare<C extends TrainHyperparameters>(options: NonSquareTestOptions<C>): void;

export * from './webgpu.js';
