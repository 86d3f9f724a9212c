/**
 * `ganforge evaluate <run>`: metrics of a trained run on held-out data, as a table and JSON.
 * - Noise-driven families (latent and generate hooks): Fréchet distance, KID and precision/recall on the
 *   penultimate features of a ganforge classifier (MNIST or Fashion-MNIST; NOT Inception features,
 *   so never FIDs), class accuracy of conditional samples, discriminator accuracy.
 * - Families with an `evaluate` hook (image-to-image, super-resolution, 2-D points): the hook's metrics on the
 *   held-out split of the run's data (or --data).
 */
import { access, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendChoice, type BackendReport, type Networks, type TrainHyperparameters } from '@ganforge/core';
import type { ImageDataset, ImageSize, TrainingData } from '@ganforge/core/data';
import {
  classPrSamples,
  classifierMetrics,
  conditionalMetrics,
  decisionThreshold,
  embedDataset,
  evaluateGenerator,
  evaluationNumbers,
  generatorMetricNames,
  generatorMetricTitles,
  parseMetricList,
  type FeatureSet,
  type Discriminate,
  type GeneratorEvaluation,
  type GeneratorMetricName,
} from '@ganforge/core/metrics';
import { emaNetworkName, type CheckpointMeta } from '@ganforge/core/train';
import {
  builtinDatasets,
  classifierDatasets,
  loadBuiltinDataset,
  loadCheckpointNetworks,
  loadClassifier,
  loadImageFolder,
  loadPairedFolder,
  loadUnpairedFolders,
  readCheckpoint,
  type TranslationDirection,
} from '@ganforge/core/node';
import { installedArchitectures, loadArchitecture, type LoadedArchitecture } from '../architectures.js';
import { UsageError } from '../errors.js';
import type { AdversarialLossName } from '@ganforge/core/losses';
import { backend, backendHelp, integer, positiveInt } from '../options.js';

/** The run's adversarial objective: non-saturating for families whose config names none (their D is a plain classifier). */
const lossOf = (config: TrainHyperparameters): AdversarialLossName => (config as { loss?: AdversarialLossName }).loss ?? 'non-saturating';

interface EvaluateOptions {
  metrics?: string;
  samples: number;
  data?: string;
  split: string;
  classifier?: string;
  json?: string;
  seed: number;
  batch: number;
  raw?: boolean;
  backend?: BackendChoice;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('measure a run on held-out data: Fréchet distance, KID, precision/recall and class accuracy on ganforge classifier features, discriminator accuracy; image-to-image families report their own metrics')
    .argument('<run>', 'run folder (or its checkpoint/ folder) written by `ganforge train`')
    .option('--metrics <list>', `comma-separated, of ${generatorMetricNames.join(', ')} (default: fd,kid,pr,d-acc, and class-acc,class-pr for conditional families)`)
    .option('--samples <n>', 'generated samples for fd, kid, pr, class-acc and class-pr (these two: split evenly over the classes)', positiveInt, 10000)
    .option('--data <folder|name>', 'held-out real images: mnist or fashion-mnist (their --split), or a folder (its --split subfolder, or the --split folder beside a folder named train, if present) (default: the run\'s data)')
    .option('--split <name>', 'split of a built-in dataset, or subfolder of a data folder (test/, or testA/ and testB/ for unpaired folders)', 'test')
    .option('--classifier <dataset>', `classifier whose features are measured: ${classifierDatasets.join(', ')} (default: the one of --data)`)
    .option('--json <file>', 'also write the results as JSON')
    .option('--seed <n>', 'seed of the latent codes', integer, 0)
    .option('--batch <n>', 'images generated or classified at a time', positiveInt, 250)
    .option('--raw', 'use the trained generator even when the run kept an EMA copy')
    .option('--backend <name>', backendHelp, backend)
    .action(async (run: string, options: EvaluateOptions) => {
      await evaluate(run, options);
    });
}

/** Metrics of a noise family when --metrics is not given. */
const defaultMetrics = (architecture: LoadedArchitecture): GeneratorMetricName[] =>
  architecture.classLatent ? ['fd', 'kid', 'pr', 'class-acc', 'class-pr', 'd-acc'] : ['fd', 'kid', 'pr', 'd-acc'];

const isBuiltin = (source: string) => (builtinDatasets as readonly string[]).includes(source);
const exists = (path: string) => access(path).then(() => true, () => false);
const isDir = (path: string) => stat(path).then((s) => s.isDirectory(), () => false);

/**
 * Held-out real images at the run's size and channels: a built-in dataset's split, or a folder's
 * `split` subfolder when it has one, else the whole folder.
 */
export async function loadHeldOut(source: string, split: string, shape: { size: ImageSize; channels: 1 | 3 }): Promise<ImageDataset> {
  if (!(await exists(source)) && isBuiltin(source)) {
    if (split !== 'train' && split !== 'test') throw new UsageError(`built-in dataset ${source} has the splits train and test, not "${split}"`);
    const dataset = await loadBuiltinDataset(source as (typeof builtinDatasets)[number], split, { size: shape.size });
    if (shape.channels === 1) return dataset;
    // A colour run on a grayscale dataset: gray repeated in R, G and B.
    const images = new Uint8Array(dataset.images.length * 3);
    dataset.images.forEach((v, i) => images.fill(v, 3 * i, 3 * i + 3));
    return { ...dataset, channels: 3, images };
  }
  return loadImageFolder(await splitFolder(source, split), shape);
}

/**
 * Where a folder dataset keeps `split`: its `split` subfolder (facades/test), else the `split`
 * folder beside it when it is itself the training folder (images/train -> images/test), else the
 * folder itself (no held-out split: the training images).
 */
export async function splitFolder(source: string, split: string): Promise<string> {
  if (await isDir(join(source, split))) return join(source, split);
  const sibling = join(dirname(resolve(source)), split);
  if (split !== 'train' && basename(resolve(source)) === 'train' && (await isDir(sibling))) return sibling;
  return source;
}

/** The classifier for --classifier, else for the data's built-in name; a UsageError when there is none. */
async function classifierName(source: string, asked: string | undefined): Promise<string> {
  const name = asked ?? (isBuiltin(source) && !(await exists(source)) ? source : undefined);
  if (name === undefined || !(classifierDatasets as readonly string[]).includes(name)) {
    throw new UsageError(
      `no ganforge classifier for data "${asked ?? source}"; classifiers exist for: ${classifierDatasets.join(', ')}. ` +
        'Pass --classifier <name> when your images are of one of those, or leave the classifier metrics (fd, kid, pr, class-acc) out: --metrics d-acc',
    );
  }
  return name;
}

/** Networks of the checkpoint, `generator` being the EMA copy unless raw. */
async function loadNets(dir: string, meta: CheckpointMeta, raw: boolean | undefined): Promise<{ nets: Networks; network: string }> {
  const loaded = await loadCheckpointNetworks(dir, meta);
  const ema = loaded[emaNetworkName];
  delete loaded[emaNetworkName];
  const network = !raw && ema ? emaNetworkName : 'generator';
  if (ema && network === emaNetworkName) {
    loaded.generator?.dispose();
    loaded.generator = ema;
  } else {
    ema?.dispose();
  }
  const { generator, discriminator } = loaded;
  if (!generator || !discriminator) throw new UsageError(`checkpoint "${dir}" lacks its generator or discriminator`);
  return { nets: { ...loaded, generator, discriminator }, network };
}

/** D's logits for d-acc: the family's hook, else the discriminator on the images alone. */
export function discriminateFor(architecture: LoadedArchitecture, nets: Networks, config: TrainHyperparameters): Discriminate {
  if (architecture.discriminate) return (images, labels) => architecture.discriminate!(nets, images, labels, config);
  if (nets.discriminator.inputs.length !== 1) {
    throw new UsageError(`${architecture.name}'s discriminator takes ${nets.discriminator.inputs.length} inputs and the family defines no discriminate hook; leave d-acc out of --metrics`);
  }
  return (images) => nets.discriminator.apply(images, { training: false }) as tf.Tensor;
}

/** A progress bar per task (real features, samples, ...): a bar on a terminal, a line every few seconds elsewhere. */
export function taskProgress(): { update: (task: string, done: number, total: number) => void; stop: () => void } {
  let bar: cliProgress.SingleBar | undefined;
  let current = '';
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    update: (task, done, total) => {
      if (task !== current || !bar) {
        stop();
        current = task;
        bar = new cliProgress.SingleBar(
          { format: `${task.padEnd(13)} {bar} {value}/{total} images | {eta_formatted}`, barsize: 20, noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
      if (done >= total) stop();
    },
    stop,
  };
}

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

/** The table rows of a generator evaluation: [title, value]. */
export function evaluationRows(e: GeneratorEvaluation): [string, string][] {
  const rows: [string, string][] = [];
  if (e.fd) rows.push([generatorMetricTitles.fd, e.fd.value.toFixed(3)]);
  if (e.kid) rows.push([generatorMetricTitles.kid, `${e.kid.mean.toFixed(4)} ± ${e.kid.std.toFixed(4)}`]);
  if (e.pr) rows.push([generatorMetricTitles.pr, `${e.pr.precision.toFixed(3)} / ${e.pr.recall.toFixed(3)}`]);
  if (e.classAcc) rows.push([generatorMetricTitles['class-acc'], percent(e.classAcc.value)]);
  if (e.classPr) {
    const { precision, recall, classNames } = e.classPr;
    const byClass = classNames.map((name, c) => `${name} ${precision[c]!.toFixed(2)}/${recall[c]!.toFixed(2)}`).join(', ');
    rows.push([generatorMetricTitles['class-pr'], `min ${Math.min(...precision).toFixed(3)} / ${Math.min(...recall).toFixed(3)} (${byClass})`]);
  }
  if (e.dAcc) rows.push([generatorMetricTitles['d-acc'], `${percent(e.dAcc.real)} / ${percent(e.dAcc.fake)} / ${percent(e.dAcc.mean)}`]);
  return rows;
}

function printTable(rows: [string, string][]): void {
  const width = Math.max(6, ...rows.map(([name]) => name.length));
  console.log(`${'metric'.padEnd(width)}  value`);
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
}

const backendLine = (report: BackendReport) => `${report.backend} (${report.provider}, ${report.threads} thread${report.threads === 1 ? '' : 's'})`;

async function evaluate(run: string, options: EvaluateOptions): Promise<void> {
  const { dir, meta } = await readCheckpoint(run);
  const architecture = await loadArchitecture(meta.architecture);
  const config = meta.config as unknown as TrainHyperparameters;
  const samplesImages = architecture.latent !== undefined && architecture.generate !== undefined && ['images', 'labeled'].includes(architecture.data);
  if (!samplesImages && !architecture.evaluate) throw new UsageError(`${architecture.name} has no metrics to evaluate`);
  if (!samplesImages) {
    if (options.metrics !== undefined) {
      throw new UsageError(`${architecture.name} reports its own metrics (it does not sample images from noise); run \`ganforge evaluate ${run}\` without --metrics`);
    }
    await evaluateWithHook(architecture, dir, meta, options);
    return;
  }

  let metrics: GeneratorMetricName[];
  try {
    metrics = options.metrics === undefined ? defaultMetrics(architecture) : parseMetricList(options.metrics);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const conditional = metrics.filter((m) => conditionalMetrics.includes(m));
  if (conditional.length > 0 && !architecture.classLatent) {
    const families = (await installedArchitectures()).filter((a) => a.classLatent).map((a) => a.name).join(', ');
    throw new UsageError(`${conditional.join(' and ')} need${conditional.length === 1 ? 's' : ''} a conditional architecture (${families}); ${architecture.name} samples no asked class. Metrics for it: ${generatorMetricNames.filter((m) => !conditionalMetrics.includes(m)).join(', ')}`);
  }
  const source = options.data ?? meta.data.source;
  const needsClassifier = metrics.some((m) => classifierMetrics.includes(m));
  const classifierDataset = needsClassifier ? await classifierName(source, options.classifier) : undefined;

  const started = performance.now();
  const report = await initBackend({ backend: options.backend });
  const classifier = classifierDataset === undefined ? undefined : await loadClassifier(classifierDataset);
  const real = await loadHeldOut(source, options.split, { size: { height: meta.data.height, width: meta.data.width }, channels: meta.data.channels });
  if (classifier && conditional.length > 0 && classifier.info.classNames.length !== meta.data.classNames.length) {
    throw new UsageError(`${conditional.join(', ')}: the run has ${meta.data.classNames.length} classes but the ${classifier.info.title} classifier has ${classifier.info.classNames.length}`);
  }
  if (metrics.includes('class-pr') && options.samples < classPrSamples(classifier)) {
    if (options.metrics !== undefined) throw new UsageError(`class-pr needs 4 samples a class (k = 3 neighbours): --samples ${classPrSamples(classifier)} or more`);
    metrics = metrics.filter((m) => m !== 'class-pr');
  }
  const { nets, network } = await loadNets(dir, meta, options.raw);
  console.log(`ganforge evaluate ${architecture.name} | ${resolve(dir)} | step ${meta.step} | ${network} | backend ${backendLine(report)}`);
  if (classifier) {
    console.log(`features: ${classifier.featureExtractor}, test accuracy ${percent(classifier.info.testAccuracy)}; not Inception-v3 features: no value here is an FID`);
  }
  console.log(`real: ${real.name}, ${real.count} images | samples: ${options.samples} (seed ${options.seed})`);

  const progress = taskProgress();
  let evaluation: GeneratorEvaluation;
  try {
    evaluation = await evaluateGenerator({
      architecture,
      config,
      generator: nets.generator,
      discriminate: metrics.includes('d-acc') ? discriminateFor(architecture, nets, config) : undefined,
      classifier,
      real,
      metrics,
      samples: options.samples,
      seed: options.seed,
      batchSize: options.batch,
      threshold: decisionThreshold(lossOf(config)),
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
    Object.values(nets).forEach((n) => n.dispose());
    classifier?.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  printTable(evaluationRows(evaluation));
  if (lossOf(config) === 'wasserstein' && evaluation.dAcc) console.log('note: a Wasserstein critic has no calibrated threshold; d-acc counts logits on either side of 0');
  if (options.json) {
    const { fd, kid, pr, classAcc, classPr, dAcc } = evaluation;
    const json = {
      run: resolve(dir),
      architecture: architecture.name,
      step: meta.step,
      network,
      backend: report,
      featureExtractor: evaluation.featureExtractor ?? null,
      classifier: classifier ? { dataset: classifier.info.dataset, testAccuracy: classifier.info.testAccuracy, testCount: classifier.info.testCount } : null,
      real: evaluation.real,
      samples: evaluation.samples,
      seed: evaluation.seed,
      metrics: {
        ...(fd ? { fd: { title: generatorMetricTitles.fd, ...fd } } : {}),
        ...(kid ? { kid: { title: generatorMetricTitles.kid, ...kid } } : {}),
        ...(pr ? { pr: { title: generatorMetricTitles.pr, ...pr } } : {}),
        ...(classAcc ? { 'class-acc': { title: generatorMetricTitles['class-acc'], ...classAcc } } : {}),
        ...(classPr ? { 'class-pr': { title: generatorMetricTitles['class-pr'], ...classPr, worstPrecision: Math.min(...classPr.precision), worstRecall: Math.min(...classPr.recall) } } : {}),
        ...(dAcc ? { 'd-acc': { title: generatorMetricTitles['d-acc'], ...dAcc } } : {}),
      },
      seconds: Math.round(seconds * 10) / 10,
    };
    await writeFile(options.json, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`wrote ${options.json}`);
  }
}

/** Held-out data of a family's kind for its evaluate hook. */
async function hookData(
  architecture: LoadedArchitecture,
  config: TrainHyperparameters,
  source: string,
  split: string,
  shape: { size: ImageSize; channels: 1 | 3 },
): Promise<TrainingData> {
  const direction = (config as { direction?: TranslationDirection }).direction;
  switch (architecture.data) {
    case 'paired':
      return loadPairedFolder(source, { ...shape, split, ...(direction ? { direction } : {}) });
    case 'unpaired':
      return loadUnpairedFolders(source, { ...shape, split, ...(direction ? { direction } : {}) });
    case 'synthetic':
      return { images: { name: 'synthetic', count: 0, height: 0, width: 0, channels: 1, images: new Uint8Array(0), labels: new Int32Array(0), classNames: [] } };
    default:
      return { images: await loadHeldOut(source, split, shape) };
  }
}

async function evaluateWithHook(architecture: LoadedArchitecture, dir: string, meta: CheckpointMeta, options: EvaluateOptions): Promise<void> {
  const started = performance.now();
  const report = await initBackend({ backend: options.backend });
  const shape = { size: { height: meta.data.height, width: meta.data.width }, channels: meta.data.channels };
  const data = await hookData(architecture, meta.config as unknown as TrainHyperparameters, options.data ?? meta.data.source, options.split, shape);
  const { nets, network } = await loadNets(dir, meta, options.raw);
  console.log(`ganforge evaluate ${architecture.name} | ${resolve(dir)} | step ${meta.step} | ${network} | backend ${backendLine(report)}`);
  if (architecture.data !== 'synthetic') {
    console.log(`data: ${data.images.name}, ${data.images.count} images${data.source ? ` (inputs: ${data.source.name}, ${data.source.count})` : ''}`);
  }
  let values: Record<string, number>;
  try {
    values = await architecture.evaluate!(nets, data, meta.config as unknown as TrainHyperparameters);
  } finally {
    Object.values(nets).forEach((n) => n.dispose());
  }
  printTable(Object.entries(values).map(([name, value]) => [name, Number.isInteger(value) ? String(value) : value.toFixed(4)]));
  if (options.json) {
    const json = {
      run: resolve(dir),
      architecture: architecture.name,
      step: meta.step,
      network,
      backend: report,
      data: { source: options.data ?? meta.data.source, split: options.split, count: data.images.count },
      metrics: values,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    await writeFile(options.json, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`wrote ${options.json}`);
  }
}

/** What `ganforge train --evaluate-every` runs: its description line and the callback for trainRun. */
export interface TrainingEvaluator {
  describe: string;
  evaluate: (nets: Networks, step: number) => Promise<Record<string, number | string>>;
}

/**
 * The periodic evaluation of a training run: for noise-driven image families, fd, kid, pr (when a
 * classifier exists for the data), class-acc (conditional families) and d-acc on `samples`
 * samples against the data's held-out split (test/, or the training folder itself when it has
 * none), and D's accuracy on as many of `trainReal` (the training images) beside the held-out
 * accuracy, the sign of D memorising its data; for families with an evaluate hook, the hook on the
 * held-out split.
 */
export async function trainingEvaluator(
  architecture: LoadedArchitecture,
  config: TrainHyperparameters,
  source: string,
  shape: { size: ImageSize; channels: 1 | 3; classes: number },
  samples: number,
  trainReal?: ImageDataset,
): Promise<TrainingEvaluator> {
  const samplesImages = architecture.latent !== undefined && architecture.generate !== undefined && ['images', 'labeled'].includes(architecture.data);
  if (!samplesImages) {
    if (!architecture.evaluate) throw new UsageError(`${architecture.name} has no metrics for --evaluate-every`);
    const data = await hookData(architecture, config, source, 'test', shape);
    const on = architecture.data === 'synthetic' ? '' : ` on ${data.images.name} (${data.images.count} images)`;
    return { describe: `evaluation: ${architecture.name}'s own metrics${on}`, evaluate: (nets) => architecture.evaluate!(nets, data, config) };
  }
  const real = await loadHeldOut(source, 'test', shape);
  const name = isBuiltin(source) && !(await exists(source)) && (classifierDatasets as readonly string[]).includes(source) ? source : undefined;
  const classifier = name === undefined ? undefined : await loadClassifier(name);
  let metrics: GeneratorMetricName[] = classifier ? defaultMetrics(architecture) : ['d-acc'];
  if (classifier && classifier.info.classNames.length !== shape.classes) metrics = metrics.filter((m) => !conditionalMetrics.includes(m));
  if (samples < classPrSamples(classifier)) metrics = metrics.filter((m) => m !== 'class-pr');
  let realFeatures: FeatureSet | undefined;
  const describe =
    `evaluation: ${metrics.join(', ')} on ${samples} samples against ${real.name} (${real.count} images)` +
    (classifier ? `; features: ${classifier.featureExtractor}, not Inception: not FIDs` : `; no ganforge classifier for "${source}", so d-acc only`);
  return {
    describe,
    evaluate: async (nets, step) => {
      if (classifier && realFeatures === undefined) realFeatures = await embedDataset(classifier, real);
      const evaluation = await evaluateGenerator({
        architecture,
        config,
        generator: nets.generator,
        discriminate: discriminateFor(architecture, nets, config),
        classifier,
        real,
        realFeatures,
        ...(trainReal ? { trainReal } : {}),
        metrics,
        samples,
        seed: 0,
        threshold: decisionThreshold(lossOf(config)),
        kidSubsets: 10,
      });
      const numbers = evaluationNumbers(evaluation);
      console.log(`\nstep ${step}: ${Object.entries(numbers).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(' | ')}`);
      return { ...(evaluation.featureExtractor ? { features: evaluation.featureExtractor } : {}), ...numbers };
    },
  };
}
