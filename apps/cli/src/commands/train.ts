import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  adapterLabel,
  flagOfField,
  imageShapeOf,
  imageSizeOverrides,
  initBackend,
  type BackendChoice,
  type DataKind,
  type GpuPreset,
  type ImageSize,
  type ImageSizeFields,
  type TrainHyperparameters,
} from '@ganforge/core';
import type { ImageDataset, SubsetChoice, TrainingData } from '@ganforge/core/data';
import type { CheckpointMeta } from '@ganforge/core/train';
import {
  builtinDatasets,
  builtinFolderDatasets,
  checkpointDir,
  loadBuiltinDataset,
  loadImageFolder,
  loadPairedFolder,
  loadUnpairedFolders,
  readCheckpoint,
  trainRun,
  type TranslationDirection,
} from '@ganforge/core/node';
import { loadArchitecture, type LoadedArchitecture } from '../architectures.js';
import { UsageError } from '../errors.js';
import { backend, backendHelp, fraction, imageSize, integer, nonNegativeInt, oneOf, positiveInt, positiveNumber } from '../options.js';
import { trainProgress } from '../progress.js';
import { tensorboardLoggers, withTensorboard } from '../tensorboard.js';
import { trainingEvaluator } from './evaluate.js';

interface TrainOptions {
  preset?: string;
  data?: string;
  size?: ImageSize;
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
  /** Values of the families' own train flags (FamilyCli.trainFlags), by config field. */
  [field: string]: unknown;
  evaluateEvery: number;
  evaluateSamples: number;
  set: string[];
  limit?: number;
  limitSeed: number;
  augment?: string;
  tensorboard?: boolean;
  logdir?: string;
}

export function registerTrain(program: Command, families: LoadedArchitecture[]): void {
  // Every objective some installed family takes; each family's own choices are checked once it is known.
  const lossNames = [...new Set(families.flatMap((f) => (f.fields as { loss?: { choices?: readonly string[] } }).loss?.choices ?? []))];
  const command = withTensorboard(program.command('train'))
    .description('train an architecture on a built-in dataset or a folder of images')
    .argument('<architecture>', 'installed architecture (see `ganforge list`)')
    .option('--preset <name>', 'paper/dataset settings, e.g. mnist or celeba64 (see `ganforge list`)')
    .option('--data <folder|name>', `folder of PNG/JPEG images (class = subfolder); for paired or unpaired data, the dataset's root folder (train/, or trainA/ and trainB/); or a built-in dataset: ${[...builtinDatasets, ...builtinFolderDatasets].join(', ')} (default: the preset's)`)
    .option('--size <N|HxW>', 'image size: N for N x N, or height x width, e.g. 32x64, for architectures that take other shapes (see `ganforge list`; default: the preset\'s, else 64)', imageSize)
    .option('--steps <n>', 'train until this many iterations in total', positiveInt, 2000)
    .option('--batch <n>', 'images per batch (default: the preset\'s, else 64)', positiveInt)
    .option('--seed <n>', 'seed of weights, data order and noise', integer, 0)
    .option('--backend <name>', backendHelp, backend)
    .option('--out <folder>', 'run folder for checkpoint/, samples/ and metrics.jsonl (default: runs/<architecture>-<preset or data>)')
    .option('--resume <run>', 'continue the run in this folder from its last checkpoint, to --steps in total')
    .option('--sample-every <n>', 'write a sample grid every n iterations (0: only at the end)', nonNegativeInt, 200)
    .option('--checkpoint-every <n>', 'write a checkpoint every n iterations (0: only at the end and on Ctrl-C)', nonNegativeInt, 500)
    .option('--d-steps <n>', 'discriminator updates per generator update (default: 1; WGAN: 5)', positiveInt)
    .option('--lr-g <rate>', 'generator learning rate (default: the architecture\'s)', positiveNumber)
    .option('--lr-d <rate>', 'discriminator learning rate (default: the architecture\'s)', positiveNumber)
    .option('--ema <decay>', 'EMA decay of generator weights for sampling, 0 = off (default 0; try 0.999)', fraction)
    .option('--loss <name>', `adversarial objective: ${lossNames.join(' | ')}, those the architecture takes (see \`ganforge list\`; default: the architecture's)`, oneOf(lossNames))
    .option('--evaluate-every <n>', 'every n iterations, run `ganforge evaluate`\'s metrics on held-out data and log them in metrics.jsonl (0: never)', nonNegativeInt, 0)
    .option('--evaluate-samples <n>', 'generated samples per periodic evaluation', positiveInt, 1000)
    .option('--set <field=value>', 'set any config field (see `ganforge list`), e.g. --set r1Gamma=10; repeatable', collect, [])
    .option('--limit <n>', 'train on a seeded subset of n images, the same number from every class (mnist, fashion-mnist, image folders)', positiveInt)
    .option('--limit-seed <n>', 'seed of the --limit subset (default 0: the same images whatever --seed is)', integer, 0)
    .option('--augment <mode>', 'augment what D sees: none | diffaugment | ada (the config field augment; --set augmentPolicy=..., adaTarget=..., adaSpeedImages=...)');
  for (const [field, { help, owners }] of familyTrainFlags(families)) {
    command.option(`${flagOfField(field)} <value>`, `${owners.join(', ')}: ${help} (default: the preset's)`);
  }
  command.action(async (name: string, options: TrainOptions) => {
    await train(await loadArchitecture(name), options, families);
  });
}

/** The families' own train flags by config field, with their help and the families that have them. */
function familyTrainFlags(families: LoadedArchitecture[]): Map<string, { help: string; owners: string[] }> {
  const flags = new Map<string, { help: string; owners: string[] }>();
  for (const family of families) {
    for (const [field, help] of Object.entries(family.cli?.trainFlags ?? {})) {
      const entry = flags.get(field) ?? { help: help as string, owners: [] };
      entry.owners.push(family.name);
      flags.set(field, entry);
    }
  }
  return flags;
}

/** The config fields the flags set, checked against the architecture's table; a field it lacks is a one-line error naming who has it. */
function configOverrides(architecture: LoadedArchitecture, options: TrainOptions, families: LoadedArchitecture[]): Record<string, unknown> {
  const flags: Record<string, [flag: string, value: unknown]> = {
    imageSize: ['--size', options.size],
    batchSize: ['--batch', options.batch],
    dSteps: ['--d-steps', options.dSteps],
    lrG: ['--lr-g', options.lrG],
    lrD: ['--lr-d', options.lrD],
    ema: ['--ema', options.ema],
  };
  const text: Record<string, [flag: string, value: string | undefined]> = { loss: ['--loss', options.loss], augment: ['--augment', options.augment] };
  for (const field of familyTrainFlags(families).keys()) text[field] = [flagOfField(field), options[field] as string | undefined];
  const overrides: Record<string, unknown> = {};
  for (const [field, [flag, value]] of Object.entries({ ...flags, ...text })) {
    if (value === undefined) continue;
    if (!(field in architecture.defaults)) {
      const owners = families.filter((f) => field in f.defaults).map((f) => f.name);
      throw new UsageError(`${architecture.name} has no ${field} setting${owners.length > 0 ? ` (it is ${owners.join(' and ')}'s)` : ''}; leave ${flag} out`);
    }
    overrides[field] = typeof value === 'string' ? fieldValue(architecture, field, value, flag) : value;
  }
  // The table's imageSize entry checks that the architecture has one; --size then sets imageSize and,
  // where the architecture has them, imageHeight and imageWidth (HxW for other shapes).
  return options.size === undefined ? overrides : { ...overrides, ...imageSizeOverrides(architecture.name, architecture.defaults, options.size) };
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** A flag's text as the type of the field's default (number, boolean or string), and one of its choices if it has them. */
function fieldValue(architecture: Pick<LoadedArchitecture, 'name' | 'defaults' | 'fields'>, field: string, text: string, flag: string): unknown {
  const fallback = (architecture.defaults as unknown as Record<string, unknown>)[field];
  // A field off by default (null, e.g. a pinned level) takes a number, or null again.
  const kind = fallback === null ? 'number or null' : typeof fallback;
  const number = text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined;
  const value =
    kind === 'string' ? text
    : kind === 'boolean' ? (text === 'true' ? true : text === 'false' ? false : undefined)
    : kind === 'number' ? number
    : kind === 'number or null' ? (text === 'null' ? null : number)
    : undefined;
  if (value === undefined) throw new UsageError(`${flag}: ${field} takes a ${kind} (default ${JSON.stringify(fallback)}); "${text}" is not one`);
  const choices = (architecture.fields as Record<string, { choices?: readonly unknown[] }>)[field]?.choices;
  if (choices !== undefined && !choices.includes(value)) throw new UsageError(`${flag}: ${architecture.name}'s ${field} is one of ${choices.join(', ')}; "${text}" is not one`);
  return value;
}

/** The config fields of `--set field=value` flags: fields of the architecture, values of their defaults' types. */
export function fieldSettings(architecture: Pick<LoadedArchitecture, 'name' | 'defaults' | 'fields'>, settings: string[]): Record<string, unknown> {
  const defaults = architecture.defaults as unknown as Record<string, unknown>;
  const fields = Object.keys(defaults);
  return Object.fromEntries(
    settings.map((setting) => {
      const match = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(setting);
      if (!match) throw new UsageError(`--set ${setting}: write it as field=value, e.g. --set ${fields[0]}=${String(defaults[fields[0]!])}`);
      const field = match[1]!;
      if (!(field in defaults)) throw new UsageError(`--set ${setting}: ${architecture.name} has no config field "${field}"; its fields: ${fields.join(', ')}`);
      return [field, fieldValue(architecture, field, match[2]!, `--set ${setting}`)];
    }),
  );
}

async function loadImages(source: string, size: ImageSize, channels: 1 | 3, subset?: SubsetChoice): Promise<ImageDataset> {
  const isFolder = await access(source).then(() => true, () => false);
  if (!isFolder && (builtinDatasets as readonly string[]).includes(source)) {
    return loadBuiltinDataset(source as (typeof builtinDatasets)[number], 'train', { size, ...(subset ? { subset } : {}) });
  }
  return loadImageFolder(source, { size, channels, ...(subset ? { subset } : {}) });
}

/** Data source of families whose data kind is `synthetic`. */
const syntheticSource = 'synthetic';

/** The training data of a family's kind from a built-in dataset name or a folder. */
async function loadData(kind: DataKind, source: string, size: ImageSize, channels: 1 | 3, direction?: TranslationDirection, subset?: SubsetChoice): Promise<TrainingData> {
  if (subset && !['images', 'labeled', 'superres'].includes(kind)) throw new UsageError(`--limit works on image datasets (mnist, fashion-mnist, image folders), not on ${kind} data yet; leave it out`);
  switch (kind) {
    case 'images':
    case 'labeled':
    case 'superres': // HR images; the family makes its LR inputs
      return { images: await loadImages(source, size, channels, subset) };
    case 'paired': // A|B side-by-side files or A/ and B/ folders, train/ split of a root
      return loadPairedFolder(source, { size, channels, ...(direction ? { direction } : {}) });
    case 'unpaired': // trainA/ and trainB/ of a root
      return loadUnpairedFolders(source, { size, channels, ...(direction ? { direction } : {}) });
    case 'synthetic':
      // The family draws its own points every step (e.g. 2-D mixtures): nothing to load.
      if (source !== syntheticSource) throw new UsageError(`this architecture draws its own synthetic data; drop --data ${source} (pick the distribution with --preset)`);
      return { images: { name: syntheticSource, count: 0, height: 0, width: 0, channels: 1, images: new Uint8Array(0), labels: new Int32Array(0), classNames: [] } };
    default:
      throw new UsageError(`training on ${kind} data is not supported by this version of the CLI`);
  }
}

async function train(architecture: LoadedArchitecture, options: TrainOptions, families: LoadedArchitecture[]): Promise<void> {
  const overrides = { ...configOverrides(architecture, options, families), ...fieldSettings(architecture, options.set) };
  let subset: SubsetChoice | undefined = options.limit === undefined ? undefined : { count: options.limit, seed: options.limitSeed };
  let config: TrainHyperparameters & Partial<ImageSizeFields> & { channels?: 1 | 3 };
  let resume: { dir: string; meta: CheckpointMeta } | undefined;
  let dataSource: string;
  let seed = options.seed;
  let out: string;
  let gpuPreset: { name: string; gpu: GpuPreset } | undefined;

  if (options.resume !== undefined) {
    resume = await readCheckpoint(options.resume);
    const { meta } = resume;
    if (meta.architecture !== architecture.name) {
      throw new UsageError(`checkpoint "${resume.dir}" is from architecture "${meta.architecture}", not "${architecture.name}"; run \`ganforge train ${meta.architecture} --resume ${options.resume}\``);
    }
    for (const fixedFlag of ['preset', 'data', 'size', 'batch', 'direction', 'limit']) {
      if (options[fixedFlag] !== undefined) throw new UsageError(`--${fixedFlag} cannot change when resuming; the run keeps its checkpoint's setting`);
    }
    if (options.steps <= meta.step) {
      throw new UsageError(`checkpoint "${resume.dir}" is already at step ${meta.step}; pass --steps greater than ${meta.step}`);
    }
    // Fields added since the checkpoint was written take their defaults.
    config = { ...architecture.defaults, ...(meta.config as unknown as TrainHyperparameters), ...overrides };
    dataSource = meta.data.source;
    subset = meta.data.subset;
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
    if (preset?.gpu) gpuPreset = { name: options.preset!, gpu: preset.gpu };
    out = options.out ?? join('runs', `${architecture.name}-${options.preset ?? source.split(/[\\/]/).filter(Boolean).pop()}`);
    if (await access(join(checkpointDir(out), 'checkpoint.json')).then(() => true, () => false)) {
      throw new UsageError(`run folder "${out}" already has a checkpoint; continue it with --resume ${out}, or pass another --out`);
    }
  }

  const report = await initBackend({ backend: options.backend });
  const data = await loadData(architecture.data, dataSource, imageShapeOf({ ...config, imageSize: config.imageSize ?? 64 }), config.channels ?? 3, (config as { direction?: TranslationDirection }).direction, subset);
  const dataset = data.images;
  const fitted = architecture.fitToData(config, {
    height: dataset.height,
    width: dataset.width,
    channels: dataset.channels,
    numClasses: dataset.classNames.length,
  });
  const startStep = resume?.meta.step ?? 0;
  console.log(
    `ganforge train ${architecture.name} | backend ${report.backend} (${report.provider}, ` +
      `${report.adapter ? adapterLabel(report.adapter) : `${report.threads} thread${report.threads === 1 ? '' : 's'}`})` +
      ` | data ${dataset.name}${dataset.count > 0 ? `: ${dataset.count} images ${dataset.height}x${dataset.width}x${dataset.channels}` : ', drawn each step'}` +
      ` | steps ${startStep} -> ${options.steps} | out ${resolve(out)}`,
  );
  if (gpuPreset && (report.backend === 'wasm' || report.backend === 'cpu')) console.error(gpuPresetWarning(architecture.name, gpuPreset, report.backend, options.steps - startStep));

  const evaluator =
    options.evaluateEvery > 0
      ? await trainingEvaluator(architecture, fitted, dataSource, { size: { height: dataset.height, width: dataset.width }, channels: dataset.channels, classes: dataset.classNames.length }, options.evaluateSamples, dataset)
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
      ...(subset ? { dataSubset: subset } : {}),
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
      onWarning: (line) => console.log(`\nwarning: ${line}`),
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

/** Roughly how long `seconds` is, in the largest unit that keeps it above 1. */
function duration(seconds: number): string {
  const units: [string, number][] = [['day', 86_400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    const count = Math.round(seconds / size);
    if (seconds >= size) return `${count} ${unit}${count === 1 ? '' : 's'}`;
  }
  return `${Math.round(seconds)} s`;
}

/** One line: a GPU-scale preset started on wasm or cpu, with the measured wasm step time and what `steps` would take. */
export function gpuPresetWarning(family: string, preset: { name: string; gpu: GpuPreset }, backend: string, steps: number): string {
  const { wasmStepSeconds, wasmStepSecondsAtLeast, measured } = preset.gpu;
  const over = wasmStepSecondsAtLeast ? 'over ' : '';
  const slower = backend === 'cpu' ? ' (cpu is slower still)' : '';
  const cost =
    wasmStepSeconds === null
      ? `its step does not fit the wasm heap (4 GiB)${slower}, so this run will stop out of memory (${measured})`
      : `a step took ${over}${wasmStepSeconds} s on wasm${slower}, so ${steps} step${steps === 1 ? '' : 's'} would take ${over || 'about '}${duration(wasmStepSeconds * steps)} (${measured})`;
  return `ganforge: warning: preset ${preset.name} of ${family} is sized for a GPU, and this run is on ${backend}: ${cost}; train it with --backend webgpu (or tensorflow with CUDA) on a machine with a GPU`;
}
