/**
 * The training loop every family shares, on any platform: seeded batches and noise, D:G ratio,
 * separate learning rates, optional generator EMA, one metrics record per iteration, sample grids,
 * checkpoints with exact resume, and a clear stop on non-finite losses. Where records, grids and
 * checkpoints go is the `RunStorage`'s business (Node: files in a run folder, `@ganforge/core/node`'s
 * trainRun).
 */
import * as tf from '@tensorflow/tfjs';
import { adaStateFor } from '../augment/discriminator-augment.js';
import { explainBackendFailure, type BackendReport } from '../backend/init.js';
import { collapseWarning } from '../metrics/collapse.js';
import { BatchSource } from '../data/batches.js';
import type { TrainingData } from '../data/dataset.js';
import type { Architecture, Networks, StepMetrics, TrainHyperparameters } from '../family/architecture.js';
import type { PixelImage } from '../image/image.js';
import { tensorGrid } from '../image/tensor-grid.js';
import type { Adam } from '../optim/adam.js';
import { WeightAverage } from '../optim/ema.js';
import { createOptimizers } from '../optim/optimizers.js';
import { deriveSeed, rngStreams } from '../random/rng.js';
import { checkpointFormat, type CheckpointMeta } from './checkpoint-meta.js';
import { seededContext } from './context.js';
import type { TrainRunLogger } from './run-logger.js';

/** Name of the EMA copy of the generator in a checkpoint. */
export const emaNetworkName = 'generator-ema';

/** Where a run's records, sample grids and checkpoints go. */
export interface RunStorage {
  /** Drops records past `step` (written after the checkpoint a run resumes from). */
  truncateLog: (step: number) => Promise<void>;
  /** Appends one iteration's record. */
  appendLog: (record: Record<string, unknown>) => Promise<void>;
  /** Stores the sample grid of `step`. */
  writeSamples: (step: number, grid: PixelImage) => Promise<void>;
  /** Stores a complete checkpoint (atomically) and returns where it is. */
  writeCheckpoint: (meta: CheckpointMeta, nets: Record<string, tf.LayersModel>, optimizers: Record<string, Adam>) => Promise<string>;
}

/** A checkpoint to continue from: its metadata, its networks, and a loader of its optimizer state. */
export interface ResumePoint {
  /** Where it is (reported as the last good checkpoint until a new one is written). */
  location: string;
  meta: CheckpointMeta;
  /** The checkpoint's networks by name (the loop takes ownership). */
  networks: () => Promise<Record<string, tf.LayersModel>>;
  /** Loads the state of optimizer `name` into `optimizer`. */
  loadOptimizer: (name: string, optimizer: Adam) => Promise<void>;
}

export interface TrainLoopOptions<C extends TrainHyperparameters> {
  architecture: Architecture<C>;
  /** Fitted config (Architecture.fitToData already applied). */
  config: C;
  data: TrainingData;
  /** How the data was named by the user (preset dataset or folder), recorded in checkpoints. */
  dataSource: string;
  /** The preset the run started from, recorded in checkpoints. */
  preset?: string;
  /** The seeded subset of the source that `data` is (`--limit`), recorded in checkpoints so a resume loads it again. */
  dataSubset?: { count: number; seed: number };
  /** Train until this many iterations are done in total. */
  steps: number;
  seed: number;
  storage: RunStorage;
  /** Write a sample grid every N iterations (0: only at the end). */
  sampleEvery: number;
  /** Write a checkpoint every N iterations (0: only at the end). */
  checkpointEvery: number;
  backend: BackendReport;
  /** Continue from this checkpoint. */
  resume?: ResumePoint;
  /** Called after every iteration. */
  onStep?: (step: number, metrics: StepMetrics) => void;
  /** Calls `evaluate` every N iterations (0 or absent: never); its result goes into that step's record as `evaluation`. */
  evaluateEvery?: number;
  /**
   * Metrics of the networks at `step` (`generator` is the EMA copy when the run keeps one), e.g.
   * evaluateGenerator's. When their recall (or classRecallMin) is under collapseRecall, the step's
   * record gets `modeCollapse: true` and onWarning the line saying so.
   */
  evaluate?: (nets: Networks, step: number) => Promise<Record<string, number | string>>;
  /** Receives one-line warnings about the run (mode collapse), as they happen. */
  onWarning?: (line: string) => void;
  /** Polled after every iteration; true writes a checkpoint and returns (Ctrl-C). */
  stopRequested?: () => boolean;
  /** Receive the run's description, every step's numbers and every sample grid (e.g. a TensorBoard writer); closed at the end. */
  loggers?: TrainRunLogger[];
}

export interface TrainRunResult {
  /** Iterations done in total. */
  step: number;
  /** True when stopRequested ended the run early. */
  interrupted: boolean;
  checkpoint: string;
}

/** Thrown when a loss stops being finite; nothing is written after the last good checkpoint. */
export class NonFiniteLossError extends Error {
  override name = 'NonFiniteLossError';
}

/** Samples in every grid. */
const gridSamples = 64;

export async function trainLoop<C extends TrainHyperparameters>(options: TrainLoopOptions<C>): Promise<TrainRunResult> {
  const { architecture, config, data, seed, storage } = options;
  const dataset = data.images;

  const state = await startState(options);
  const { nets, optimizers, ema } = state;
  let { step, batchesDrawn } = state;
  const ada = adaStateFor(config, options.resume?.meta.ada); // ADA's p controller, carried across steps
  const batches = new BatchSource(data, config.batchSize, seed);
  await storage.truncateLog(step);
  const gridInputs = sampleGridInputs(architecture, config, data, deriveSeed(seed, rngStreams.sample));
  const loggers = options.loggers ?? [];
  const logAll = async (call: (logger: TrainRunLogger) => Promise<void> | void | undefined) => {
    for (const logger of loggers) await call(logger);
  };

  const writeSamples = async () => {
    const { images, columns } = gridInputs.render({ ...nets, generator: ema?.shadow ?? nets.generator });
    const grid = await tensorGrid(images, columns);
    images.dispose();
    await storage.writeSamples(step, grid);
    await logAll((logger) => logger.samples?.(step, grid));
  };
  const checkpoint = () =>
    storage.writeCheckpoint(
      {
        format: checkpointFormat,
        architecture: architecture.name,
        packageVersion: architecture.version,
        config: config as unknown as Record<string, unknown>,
        step,
        seed,
        batchesDrawn,
        backend: options.backend,
        time: new Date().toISOString(),
        data: {
          source: options.dataSource,
          count: dataset.count,
          height: dataset.height,
          width: dataset.width,
          channels: dataset.channels,
          classNames: dataset.classNames,
          ...(data.source ? { sourceCount: data.source.count, paired: data.paired ?? false } : {}),
          ...(options.dataSubset ? { subset: options.dataSubset } : {}),
        },
        ...(ada ? { ada: { ...ada } } : {}),
        networks: Object.keys(nets).concat(ema ? [emaNetworkName] : []),
        optimizerSteps: { generator: optimizers.generator.step, discriminator: optimizers.discriminator.step },
        ...(options.preset ? { preset: options.preset } : {}),
      },
      { ...nets, ...(ema ? { [emaNetworkName]: ema.shadow } : {}) },
      optimizers,
    );

  let lastCheckpoint = options.resume?.location ?? '';
  let interrupted = false;
  try {
    await logAll((logger) =>
      logger.start?.({
        architecture: architecture.name,
        config: config as unknown as Record<string, unknown>,
        step,
        resumed: options.resume !== undefined,
        ...(options.preset ? { preset: options.preset } : {}),
        dataSource: options.dataSource,
        seed,
        backend: options.backend.backend,
      }),
    );
    while (step < options.steps) {
      const ctx = seededContext<C>({ config, nets, optimizers, step, nextBatch: () => batches.batch(batchesDrawn++), ...(ada ? { ada } : {}) }, seed);
      const metrics = await architecture.trainStep(ctx).catch((error: unknown) => {
        throw explainBackendFailure(error, { config: options.preset ? `${architecture.name} --preset ${options.preset}` : architecture.name, batchSize: config.batchSize });
      });
      for (const [name, value] of Object.entries(metrics)) {
        if (!Number.isFinite(value)) {
          throw new NonFiniteLossError(
            `${name} became ${value} at step ${step + 1}; the last good checkpoint is ${lastCheckpoint || 'none (no checkpoint was written yet)'}. ` +
              'Resume from it with lower learning rates (--lr-g, --lr-d) or another --loss',
          );
        }
      }
      ema?.update();
      step += 1;
      const evaluation =
        options.evaluate && options.evaluateEvery && step % options.evaluateEvery === 0
          ? { evaluation: await options.evaluate({ ...nets, generator: ema?.shadow ?? nets.generator }, step) }
          : {};
      const collapse = evaluation.evaluation && collapseWarning(evaluation.evaluation, step);
      await storage.appendLog({ step, time: new Date().toISOString(), ...metrics, ...evaluation, ...(collapse ? { modeCollapse: true } : {}) });
      if (collapse) options.onWarning?.(collapse);
      const learningRates = { generator: optimizers.generator.options.learningRate, discriminator: optimizers.discriminator.options.learningRate };
      await logAll((logger) => logger.step?.(step, metrics, { ...evaluation, learningRates }));
      options.onStep?.(step, metrics);

      if (options.sampleEvery > 0 && step % options.sampleEvery === 0) await writeSamples();
      if (options.stopRequested?.()) {
        interrupted = true;
        break;
      }
      if (options.checkpointEvery > 0 && step % options.checkpointEvery === 0 && step < options.steps) {
        lastCheckpoint = await checkpoint();
      }
    }
    if (options.sampleEvery <= 0 || step % options.sampleEvery !== 0) await writeSamples();
    lastCheckpoint = await checkpoint();
    return { step, interrupted, checkpoint: lastCheckpoint };
  } finally {
    gridInputs.dispose();
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    Object.values(nets).forEach((n) => n.dispose());
    ema?.shadow.dispose();
    await logAll((logger) => logger.close?.());
  }
}

/** The fixed inputs of every sample grid of a run: latent codes, or a held-out-seed real batch. */
function sampleGridInputs<C extends TrainHyperparameters>(
  architecture: Architecture<C>,
  config: C,
  data: TrainingData,
  seed: number,
): { render: (nets: Networks) => { images: tf.Tensor4D; columns: number }; dispose: () => void } {
  const { latent, generate, sampleGrid } = architecture;
  if (latent && generate) {
    const codes = latent(config, gridSamples, seed);
    return { render: (nets) => ({ images: generate(nets.generator, codes, config), columns: 8 }), dispose: () => codes.dispose() };
  }
  if (!sampleGrid) throw new Error(`architecture "${architecture.name}" defines neither latent/generate nor sampleGrid`);
  const batch = new BatchSource(data, Math.min(8, data.images.count), seed).batch(0);
  return {
    render: (nets) => sampleGrid(nets, batch, config),
    dispose: () => tf.dispose([batch.images, batch.labels, ...(batch.source ? [batch.source] : [])]),
  };
}

interface StartState {
  nets: Networks;
  optimizers: { generator: Adam; discriminator: Adam };
  ema?: WeightAverage;
  step: number;
  batchesDrawn: number;
}

/** Fresh networks, or the resumed checkpoint's networks, optimizer state and counters. */
async function startState<C extends TrainHyperparameters>(options: TrainLoopOptions<C>): Promise<StartState> {
  const { architecture, config, seed, resume } = options;
  let nets: Networks;
  let emaShadow: tf.LayersModel | undefined;
  if (resume) {
    const loaded = await resume.networks();
    const { generator, discriminator } = loaded;
    if (!generator || !discriminator) throw new Error(`checkpoint "${resume.location}" lacks its generator or discriminator`);
    emaShadow = loaded[emaNetworkName];
    delete loaded[emaNetworkName];
    nets = { ...loaded, generator, discriminator };
  } else {
    nets = architecture.build(config, seed);
  }
  const optimizers = createOptimizers(nets, config);
  let ema: WeightAverage | undefined;
  if (config.ema > 0) {
    if (emaShadow === undefined) {
      const copy = architecture.build(config, seed);
      copy.discriminator.dispose();
      ema = new WeightAverage(nets.generator, copy.generator, config.ema);
      ema.reset();
    } else {
      ema = new WeightAverage(nets.generator, emaShadow, config.ema);
    }
  } else {
    emaShadow?.dispose();
  }
  if (!resume) return { nets, optimizers, ema, step: 0, batchesDrawn: 0 };
  await resume.loadOptimizer('generator', optimizers.generator);
  await resume.loadOptimizer('discriminator', optimizers.discriminator);
  return { nets, optimizers, ema, step: resume.meta.step, batchesDrawn: resume.meta.batchesDrawn };
}
