import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { initBackend, type BackendChoice, type DataKind, type ImageDataset, type TrainHyperparameters, type TrainingData } from '@ganforge/core';
import {
  builtinDatasets,
  checkpointDir,
  loadBuiltinDataset,
  loadImageFolder,
  loadPairedFolder,
  loadUnpairedFolders,
  readCheckpoint,
  trainRun,
  type CheckpointMeta,
  type TranslationDirection,
} from '@ganforge/core/node';
import { loadArchitecture, type LoadedArchitecture } from '../architectures.js';
import { UsageError } from '../errors.js';
import { backend, backendHelp, fraction, integer, lossName, nonNegativeInt, positiveInt, positiveNumber, translationDirection } from '../options.js';
import { trainProgress } from '../progress.js';
import { tensorboardLoggers, withTensorboard } from '../tensorboard.js';
import { trainingEvaluator } from './evaluate.js';

interface TrainOptions {
  preset?: string;
  data?: string;
  size?: number;
  steps: number;
  batch?: number;
  seed: number;
  backend?: BackendChoice;
  out?: string;
  resume?: string;
  sampleEvery: number;
  checkpointEvery: number;
  dSteps?: number;
  lrG?: number;
  lrD?: number;
  ema?: number;
  loss?: string;
  direction?: 'AtoB' | 'BtoA';
  pretrainSteps?: number;
  perceptualWeights?: string;
  evaluateEvery: number;
  evaluateSamples: number;
  set: string[];
  tensorboard?: boolean;
  logdir?: string;
}

export function registerTrain(program: Command): void {
  withTensorboard(program.command('train'))
    .description('train an architecture on a built-in dataset or a folder of images')
    .argument('<architecture>', 'installed architecture, e.g. dcgan (see `ganforge list`)')
    .option('--preset <name>', 'paper/dataset settings, e.g. mnist or celeba64 (see `ganforge list`)')
    .option('--data <folder|name>', 'folder of PNG/JPEG images (class = subfolder) or a built-in dataset: mnist, fashion-mnist; pix2pix and cyclegan: the dataset\'s root folder (e.g. facades/, horse2zebra/) or edges2shapes, day2night, circles2squares (default: the preset\'s)')
    .option('--size <pixels>', 'image height and width (default: the preset\'s, else 64)', positiveInt)
    .option('--steps <n>', 'train until this many iterations in total', positiveInt, 2000)
    .option('--batch <n>', 'images per batch (default: the preset\'s, else 64)', positiveInt)
    .option('--seed <n>', 'seed of weights, data order and noise', integer, 0)
    .option('--backend <name>', backendHelp, backend)
    .option('--out <folder>', 'run folder for checkpoint/, samples/ and metrics.jsonl (default: runs/<architecture>-<preset or data>)')
    .option('--resume <run>', 'continue the run in this folder from its last checkpoint, to --steps in total')
    .option('--sample-every <n>', 'write a sample grid every n iterations (0: only at the end)', nonNegativeInt, 200)
    .option('--checkpoint-every <n>', 'write a checkpoint every n iterations (0: only at the end and on Ctrl-C)', nonNegativeInt, 500)
    .option('--d-steps <n>', 'discriminator updates per generator update (default: 1; WGAN: 5)', positiveInt)
    .option('--lr-g <rate>', 'generator learning rate (default: the architecture\'s, DCGAN 2e-4)', positiveNumber)
    .option('--lr-d <rate>', 'discriminator learning rate (default: the architecture\'s, DCGAN 2e-4)', positiveNumber)
    .option('--ema <decay>', 'EMA decay of generator weights for sampling, 0 = off (default 0; try 0.999)', fraction)
    .option('--loss <name>', 'minimax | non-saturating | wasserstein | hinge | least-squares (default: the architecture\'s)', lossName)
    .option('--direction <AtoB|BtoA>', 'pix2pix, cyclegan: which side of the data is the input, A (AtoB) or B (BtoA) (default: the preset\'s, else AtoB)', translationDirection)
    .option('--pretrain-steps <n>', 'srgan: MSE-only iterations before the adversarial stage (default: the preset\'s, 1000)', nonNegativeInt)
    .option('--perceptual-weights <dir>', 'srgan: tfjs LayersModel folder (VGG19 converted once from Keras) for the content loss (default: built-in pixel loss)')
    .option('--evaluate-every <n>', 'every n iterations, run `ganforge evaluate`\'s metrics on held-out data and log them in metrics.jsonl (0: never)', nonNegativeInt, 0)
    .option('--evaluate-samples <n>', 'generated samples per periodic evaluation', positiveInt, 1000)
    .option('--set <field=value>', 'set any config field (see `ganforge list`), e.g. --set r1Gamma=10; repeatable', collect, [])
    .action(async (name: string, options: TrainOptions) => {
      await train(await loadArchitecture(name), options);
    });
}

/** Flags that override config fields. */
function configOverrides(options: TrainOptions): Partial<TrainHyperparameters> & { imageSize?: number } {
  const overrides: Record<string, unknown> = {
    imageSize: options.size,
    batchSize: options.batch,
    dSteps: options.dSteps,
    lrG: options.lrG,
    lrD: options.lrD,
    ema: options.ema,
    loss: options.loss,
    direction: options.direction,
    pretrainSteps: options.pretrainSteps,
    perceptualWeights: options.perceptualWeights,
  };
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** A --set value as the type of the field's default: number, boolean or string; undefined if it is not one. */
function parseFieldValue(kind: string, text: string): unknown {
  if (kind === 'string') return text;
  if (kind === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined;
  if (kind === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return undefined;
}

/** The config fields of `--set field=value` flags: fields of the architecture, values of their defaults' types. */
export function fieldSettings(architecture: Pick<LoadedArchitecture, 'name' | 'defaults'>, settings: string[]): Record<string, unknown> {
  const defaults = architecture.defaults as unknown as Record<string, unknown>;
  const fields = Object.keys(defaults);
  return Object.fromEntries(
    settings.map((setting) => {
      const match = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(setting);
      if (!match) throw new UsageError(`--set ${setting}: write it as field=value, e.g. --set ${fields[0]}=${String(defaults[fields[0]!])}`);
      const field = match[1]!;
      if (!(field in defaults)) throw new UsageError(`--set ${setting}: ${architecture.name} has no config field "${field}"; its fields: ${fields.join(', ')}`);
      const kind = typeof defaults[field];
      const value = parseFieldValue(kind, match[2]!);
      if (value === undefined) throw new UsageError(`--set ${setting}: ${field} takes a ${kind} (default ${JSON.stringify(defaults[field])}); "${match[2]}" is not one`);
      return [field, value];
    }),
  );
}

async function loadImages(source: string, size: number, channels: 1 | 3): Promise<ImageDataset> {
  const isFolder = await access(source).then(() => true, () => false);
  if (!isFolder && (builtinDatasets as readonly string[]).includes(source)) {
    return loadBuiltinDataset(source as (typeof builtinDatasets)[number], 'train', { size });
  }
  return loadImageFolder(source, { size, channels });
}

/** Data source of families whose data kind is `synthetic`. */
const syntheticSource = 'synthetic';

/** The training data of a family's kind from a built-in dataset name or a folder. */
async function loadData(kind: DataKind, source: string, size: number, channels: 1 | 3, direction?: TranslationDirection): Promise<TrainingData> {
  switch (kind) {
    case 'images':
    case 'labeled':
    case 'superres': // HR images; the family makes its LR inputs
      return { images: await loadImages(source, size, channels) };
    case 'paired': // pix2pix: A|B side-by-side files or A/ and B/ folders, train/ split of a root
      return loadPairedFolder(source, { size, channels, ...(direction ? { direction } : {}) });
    case 'unpaired': // cyclegan: trainA/ and trainB/ of a root
      return loadUnpairedFolders(source, { size, channels, ...(direction ? { direction } : {}) });
    case 'synthetic':
      // The family draws its own points every step (e.g. toy 2-D mixtures): nothing to load.
      if (source !== syntheticSource) throw new UsageError(`this architecture draws its own synthetic data; drop --data ${source} (pick the distribution with --preset)`);
      return { images: { name: syntheticSource, count: 0, height: 0, width: 0, channels: 1, images: new Uint8Array(0), labels: new Int32Array(0), classNames: [] } };
    default:
      throw new UsageError(`training on ${kind} data is not supported by this version of the CLI`);
  }
}

async function train(architecture: LoadedArchitecture, options: TrainOptions): Promise<void> {
  const overrides = { ...configOverrides(options), ...fieldSettings(architecture, options.set) };
  const foreign = ['pretrainSteps', 'perceptualWeights'].find((key) => key in overrides && !(key in architecture.defaults));
  if (foreign !== undefined) throw new UsageError(`${architecture.name} has no ${foreign} setting (it is srgan's); leave that flag out`);
  if (options.direction !== undefined && !('direction' in architecture.defaults)) throw new UsageError(`${architecture.name} has no --direction (pix2pix and cyclegan do); leave it out`);
  let config: TrainHyperparameters & { imageSize?: number; channels?: 1 | 3 };
  let resume: { dir: string; meta: CheckpointMeta } | undefined;
  let dataSource: string;
  let seed = options.seed;
  let out: string;

  if (options.resume !== undefined) {
    resume = await readCheckpoint(options.resume);
    const { meta } = resume;
    if (meta.architecture !== architecture.name) {
      throw new UsageError(`checkpoint "${resume.dir}" is from architecture "${meta.architecture}", not "${architecture.name}"; run \`ganforge train ${meta.architecture} --resume ${options.resume}\``);
    }
    for (const fixedFlag of ['preset', 'data', 'size', 'batch', 'direction'] as const) {
      if (options[fixedFlag] !== undefined) throw new UsageError(`--${fixedFlag} cannot change when resuming; the run keeps its checkpoint's setting`);
    }
    if (options.steps <= meta.step) {
      throw new UsageError(`checkpoint "${resume.dir}" is already at step ${meta.step}; pass --steps greater than ${meta.step}`);
    }
    // Fields added since the checkpoint was written take their defaults.
    config = { ...architecture.defaults, ...(meta.config as unknown as TrainHyperparameters), ...overrides };
    dataSource = meta.data.source;
    seed = meta.seed;
    out = options.out ?? options.resume;
  } else {
    const preset = options.preset === undefined ? undefined : architecture.presets[options.preset];
    if (options.preset !== undefined && preset === undefined) {
      throw new UsageError(`unknown preset "${options.preset}" for ${architecture.name}; presets: ${Object.keys(architecture.presets).join(', ')}`);
    }
    const source = options.data ?? preset?.data ?? (architecture.data === 'synthetic' ? syntheticSource : undefined);
    if (source === undefined) {
      throw new UsageError(`${architecture.name} needs data: pass --data <folder of images> or a --preset with a built-in dataset (${builtinDatasets.join(', ')})`);
    }
    dataSource = source;
    config = { ...architecture.defaults, ...preset?.config, ...overrides };
    out = options.out ?? join('runs', `${architecture.name}-${options.preset ?? source.split(/[\\/]/).filter(Boolean).pop()}`);
    if (await access(join(checkpointDir(out), 'checkpoint.json')).then(() => true, () => false)) {
      throw new UsageError(`run folder "${out}" already has a checkpoint; continue it with --resume ${out}, or pass another --out`);
    }
  }

  const report = await initBackend({ backend: options.backend });
  const data = await loadData(architecture.data, dataSource, config.imageSize ?? 64, config.channels ?? 3, (config as { direction?: TranslationDirection }).direction);
  const dataset = data.images;
  const fitted = architecture.fitToData(config, {
    height: dataset.height,
    width: dataset.width,
    channels: dataset.channels,
    numClasses: dataset.classNames.length,
  });
  const startStep = resume?.meta.step ?? 0;
  console.log(
    `ganforge train ${architecture.name} | backend ${report.backend} (${report.provider}, ${report.threads} thread${report.threads === 1 ? '' : 's'})` +
      ` | data ${dataset.name}${dataset.count > 0 ? `: ${dataset.count} images ${dataset.height}x${dataset.width}x${dataset.channels}` : ', drawn each step'}` +
      ` | steps ${startStep} -> ${options.steps} | out ${resolve(out)}`,
  );

  const evaluator =
    options.evaluateEvery > 0
      ? await trainingEvaluator(architecture, fitted, dataSource, { size: dataset.height, channels: dataset.channels, classes: dataset.classNames.length }, options.evaluateSamples)
      : undefined;
  if (evaluator) console.log(`every ${options.evaluateEvery} steps, ${evaluator.describe}`);

  const loggers = await tensorboardLoggers(options, out);
  let stopRequested = false;
  const onSigint = () => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    console.error('\nganforge: Ctrl-C: writing a checkpoint after this step (press again to quit without it)');
  };
  process.on('SIGINT', onSigint);
  const progress = trainProgress(startStep, options.steps);
  try {
    const result = await trainRun({
      architecture,
      config: fitted,
      data,
      dataSource,
      ...((options.preset ?? resume?.meta.preset) ? { preset: options.preset ?? resume?.meta.preset } : {}),
      steps: options.steps,
      seed,
      out,
      sampleEvery: options.sampleEvery,
      checkpointEvery: options.checkpointEvery,
      backend: report,
      resume,
      onStep: progress.update,
      evaluateEvery: options.evaluateEvery,
      evaluate: evaluator?.evaluate,
      stopRequested: () => stopRequested,
      loggers,
    });
    progress.stop();
    console.log(`${result.interrupted ? 'stopped' : 'done'} at step ${result.step}; checkpoint ${result.checkpoint}; samples in ${join(out, 'samples')}`);
  } catch (error) {
    progress.stop();
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
