/**
 * The training loop every family shares: seeded batches and noise, D:G ratio, separate learning
 * rates, optional generator EMA, a JSON-lines metrics log, sample grids, atomic checkpoints with
 * exact resume, and a clear stop on non-finite losses.
 *
 * Run folder: checkpoint/ (latest complete checkpoint), samples/step-NNNNNN.png, metrics.jsonl (one line
 * per iteration; with evaluateEvery, an `evaluation` object on every Nth).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { explainBackendFailure, type BackendReport } from '../backend/init.js';
import type { TrainingData } from '../data/dataset.js';
import { encodePng } from '../image/image.js';
import { tensorGrid } from '../image/tensor-grid.js';
import { createOptimizers, type Adam } from '../train/adam.js';
import type { Architecture, Networks, StepMetrics, TrainHyperparameters } from '../train/architecture.js';
import { seededContext } from '../train/context.js';
import { BatchSource } from '../train/batches.js';
import { WeightAverage } from '../train/ema.js';
import { deriveSeed, rngStreams } from '../train/rng.js';
import {
  type CheckpointMeta,
  checkpointFormat,
  loadCheckpointNetworks,
  loadOptimizerState,
  writeCheckpoint,
} from './checkpoint.js';
import type { TrainRunLogger } from './run-logger.js';

/** Name of the EMA copy of the generator in a checkpoint. */
export const emaNetworkName = 'generator-ema';

export interface TrainRunOptions<C extends TrainHyperparameters> {
  architecture: Architecture<C> & { version: string };
  /** Fitted config (Architecture.fitToData already applied). */
  config: C;
  data: TrainingData;
  /** How the data was named by the user (preset dataset or folder), recorded in checkpoints. */
  dataSource: string;
  /** The preset the run started from, recorded in checkpoints. */
  preset?: string;
  /** Train until this many iterations are done in total. */
  steps: number;
  seed: number;
  /** Run folder. */
  out: string;
  /** Write a sample grid every N iterations (0: only at the end). */
  sampleEvery: number;
  /** Write a checkpoint every N iterations (0: only at the end). */
  checkpointEvery: number;
  backend: BackendReport;
  /** Continue from this checkpoint (its folder and metadata). */
  resume?: { dir: string; meta: CheckpointMeta };
  /** Called after every iteration. */
  onStep?: (step: number, metrics: StepMetrics) => void;
  /** Calls `evaluate` every N iterations (0 or absent: never); its result goes into that step's log line as `evaluation`. */
  evaluateEvery?: number;
  /** Metrics of the networks at `step` (`generator` is the EMA copy when the run keeps one), e.g. evaluateGenerator's. */
  evaluate?: (nets: Networks, step: number) => Promise<Record<string, number | string>>;
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

export async function trainRun<C extends TrainHyperparameters>(options: TrainRunOptions<C>): Promise<TrainRunResult> {
  const { architecture, config, data, seed, out } = options;
  const dataset = data.images;
  await mkdir(join(out, 'samples'), { recursive: true });

  const state = await startState(options);
  const { nets, optimizers, ema } = state;
  let { step, batchesDrawn } = state;
  const batches = new BatchSource(data, config.batchSize, seed);
  const logPath = join(out, 'metrics.jsonl');
  await truncateLog(logPath, step);
  const gridInputs = sampleGridInputs(architecture, config, data, deriveSeed(seed, rngStreams.sample));
  const loggers = options.loggers ?? [];
  const logAll = async (call: (logger: TrainRunLogger) => Promise<void> | void | undefined) => {
    for (const logger of loggers) await call(logger);
  };

  const writeSamples = async () => {
    const { images, columns } = gridInputs.render({ ...nets, generator: ema?.shadow ?? nets.generator });
    const grid = await tensorGrid(images, columns);
    images.dispose();
    await writeFile(join(out, 'samples', `step-${String(step).padStart(6, '0')}.png`), encodePng(grid));
    await logAll((logger) => logger.samples?.(step, grid));
  };
  const checkpoint = () =>
    writeCheckpoint(
      out,
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
        },
        networks: Object.keys(nets).concat(ema ? [emaNetworkName] : []),
        optimizerSteps: { generator: optimizers.generator.step, discriminator: optimizers.discriminator.step },
        ...(options.preset ? { preset: options.preset } : {}),
      },
      { ...nets, ...(ema ? { [emaNetworkName]: ema.shadow } : {}) },
      optimizers,
    );

  let lastCheckpoint = options.resume?.dir ?? '';
  let interrupted = false;
  try {
    await logAll((logger) => logger.start?.({
      architecture: architecture.name,
      config: config as unknown as Record<string, unknown>,
      step,
      resumed: options.resume !== undefined,
      ...(options.preset ? { preset: options.preset } : {}),
      dataSource: options.dataSource,
      seed,
      backend: options.backend.backend,
    }));
    while (step < options.steps) {
      const ctx = seededContext<C>({ config, nets, optimizers, step, nextBatch: () => batches.batch(batchesDrawn++) }, seed);
      const metrics = await architecture.trainStep(ctx).catch((error: unknown) => {
        throw explainBackendFailure(error);
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
      await writeFile(logPath, `${JSON.stringify({ step, time: new Date().toISOString(), ...metrics, ...evaluation })}\n`, { flag: 'a' });
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
async function startState<C extends TrainHyperparameters>(options: TrainRunOptions<C>): Promise<StartState> {
  const { architecture, config, seed, resume } = options;
  let nets: Networks;
  let emaShadow: tf.LayersModel | undefined;
  if (resume) {
    const loaded = await loadCheckpointNetworks(resume.dir, resume.meta);
    const { generator, discriminator } = loaded;
    if (!generator || !discriminator) throw new Error(`checkpoint "${resume.dir}" lacks its generator or discriminator`);
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
  await loadOptimizerState(resume.dir, resume.meta, 'generator', optimizers.generator);
  await loadOptimizerState(resume.dir, resume.meta, 'discriminator', optimizers.discriminator);
  return { nets, optimizers, ema, step: resume.meta.step, batchesDrawn: resume.meta.batchesDrawn };
}

/** Drops log lines past `step`, written after the checkpoint a run resumes from. */
async function truncateLog(path: string, step: number): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => '');
  if (!text) return;
  const kept = text.split('\n').filter((line) => line && (JSON.parse(line) as { step: number }).step <= step);
  await writeFile(path, kept.map((line) => `${line}\n`).join(''));
}
