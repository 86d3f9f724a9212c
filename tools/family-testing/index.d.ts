import type * as tf from '@tensorflow/tfjs';
import type { Adam, Architecture, BackendReport, Networks, TrainContext, TrainHyperparameters, TrainingData } from '@ganforge/core';
import type { TrainRunOptions, TrainRunResult } from '@ganforge/core/node';

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
