/**
 * Evaluation of a noise-driven generator (dcgan, cgan, ...) against held-out real images: the
 * Fréchet distance, KID and precision/recall on a ganforge classifier's penultimate features, the
 * class accuracy of conditional samples under that classifier, and the discriminator's accuracy.
 * `ganforge evaluate` and the training loop's periodic evaluation both call evaluateGenerator.
 *
 * The features are those of ganforge's own small classifiers, not Inception-v3's: the distances are
 * not FIDs/KIDs comparable with published figures, and every report names its feature extractor.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/dataset.js';
import type { Architecture, TrainHyperparameters } from '../family/architecture.js';
import { deriveSeed } from '../random/rng.js';
import type { ImageClassifier } from './classifier.js';
import { discriminatorAccuracy, type Discriminate, type DiscriminatorAccuracy, type LabelledBatch } from './discriminator-accuracy.js';
import { selectRows, type FeatureSet } from './features.js';
import { frechetDistance } from './frechet.js';
import { kernelDistance, type KernelDistance } from './kernel-distance.js';
import { classPrecisionRecall, precisionRecall, type ClassPrecisionRecall, type PrecisionRecall } from './precision-recall.js';

/** Metric ids accepted by `--metrics`. */
export const generatorMetricNames = ['fd', 'kid', 'pr', 'class-acc', 'class-pr', 'd-acc'] as const;
export type GeneratorMetricName = (typeof generatorMetricNames)[number];

/** What each id measures, as reports print it. */
export const generatorMetricTitles: Record<GeneratorMetricName, string> = {
  fd: 'Fréchet distance (classifier features)',
  kid: 'kernel distance, KID (classifier features)',
  pr: 'precision / recall, k = 3 (classifier features)',
  'class-acc': 'class accuracy of conditional samples (classifier)',
  'class-pr': 'per-class precision / recall, k = 3 (classifier features)',
  'd-acc': 'discriminator accuracy, held-out real / fake / mean',
};

/** Metrics that need the classifier. */
export const classifierMetrics: readonly GeneratorMetricName[] = ['fd', 'kid', 'pr', 'class-acc', 'class-pr'];

/** Metrics that sample asked classes (conditional families only). */
export const conditionalMetrics: readonly GeneratorMetricName[] = ['class-acc', 'class-pr'];

/** Parses a comma-separated metric list; throws listing the valid ids on an unknown one. */
export function parseMetricList(text: string): GeneratorMetricName[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(generatorMetricNames as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`unknown metric${unknown.length === 1 ? '' : 's'} "${unknown.join(', ') || text}"; metrics: ${generatorMetricNames.join(', ')}`);
  }
  return [...new Set(names)] as GeneratorMetricName[];
}

/** Options of {@link evaluateGenerator}. */
export interface GeneratorEvaluationOptions<C extends TrainHyperparameters> {
  /** A family with latent and generate (classLatent too for class-acc and class-pr). */
  architecture: Architecture<C>;
  config: C;
  /** The network samples come from (the EMA copy when the run keeps one). */
  generator: tf.LayersModel;
  /** D's logits for d-acc (inference mode). */
  discriminate?: Discriminate;
  /** Needed by fd, kid, pr, class-acc and class-pr. */
  classifier?: ImageClassifier;
  /** Held-out real images at the run's size and channels, with labels. */
  real: ImageDataset;
  /** The classifier's features of `real`, when already computed (see embedDataset). */
  realFeatures?: FeatureSet;
  /**
   * Training images, for d-acc: D's accuracy on as many of them as on the held-out reals
   * (`dAcc.trainReal`). Held-out accuracy falling while this stays high is D memorising the
   * training set (Karras et al. 2020, Fig. 1).
   */
  trainReal?: ImageDataset;
  metrics: readonly GeneratorMetricName[];
  /** Generated samples for fd, kid, pr, class-acc and class-pr (split evenly over the classes for the last two). */
  samples: number;
  /** Seed of the latent codes. */
  seed: number;
  /** Images generated or classified at a time; default 250. */
  batchSize?: number;
  /** Logit separating real from fake for d-acc (decisionThreshold of the run's loss); default 0. */
  threshold?: number;
  /** Subsets averaged by KID; default 100. */
  kidSubsets?: number;
  /** Reports progress: task (`real`, `samples`, `class samples`, `d-acc`), images done, total. */
  onProgress?: (task: string, done: number, total: number) => void;
}

/** Results; a field is present when its metric was asked for. */
export interface GeneratorEvaluation {
  /** The classifier features the distances are measured on, e.g. `ganforge MNIST classifier (penultimate, 128-d)`. */
  featureExtractor?: string;
  real: { source: string; count: number };
  samples: number;
  seed: number;
  fd?: { value: number; realCount: number; fakeCount: number };
  kid?: KernelDistance;
  pr?: PrecisionRecall & { count: number };
  classAcc?: { value: number; perClass: number[]; classNames: string[]; count: number };
  classPr?: ClassPrecisionRecall & { classNames: string[] };
  /** D's accuracies; `trainReal` (on as many training reals) when trainReal was given. */
  dAcc?: DiscriminatorAccuracy & { trainReal?: number };
}

/** Images start .. start + size - 1 of a dataset as [size, H, W, C] in [-1, 1] with their labels. Caller disposes. */
export function datasetBatch(dataset: ImageDataset, start: number, size: number): LabelledBatch {
  const { height, width, channels } = dataset;
  const pixels = height * width * channels;
  const bytes = dataset.images.subarray(start * pixels, (start + size) * pixels);
  return tf.tidy(() => ({
    images: tf.sub(tf.div(tf.tensor4d(Float32Array.from(bytes), [size, height, width, channels]), 127.5), 1) as tf.Tensor4D,
    labels: tf.tensor1d(dataset.labels.subarray(start, start + size), 'int32'),
  }));
}

/** The classifier's features of every image of a dataset. */
export async function embedDataset(
  classifier: ImageClassifier,
  dataset: ImageDataset,
  options: { batchSize?: number; onProgress?: (done: number) => void } = {},
): Promise<FeatureSet> {
  const { features } = await classifier.embed(dataset.count, (start, size) => {
    const { images, labels } = datasetBatch(dataset, start, size);
    labels.dispose();
    return images;
  }, options);
  return features;
}

/** Samples of each class class-pr needs: k + 1 for k = 3 neighbours. */
const classPrRows = 4;

/** The fewest samples class-pr can use with a classifier of that many classes. */
export const classPrSamples = (classifier: ImageClassifier | undefined): number => classPrRows * (classifier?.info.classNames.length ?? 0);

/** Fails with a message naming what is missing for the asked metrics. */
function checkInputs<C extends TrainHyperparameters>(options: GeneratorEvaluationOptions<C>): void {
  const { architecture, metrics, classifier } = options;
  if (!architecture.latent || !architecture.generate) {
    throw new Error(`${architecture.name} does not sample from noise (no latent/generate); its own evaluate hook reports its metrics`);
  }
  if (!classifier && metrics.some((m) => classifierMetrics.includes(m))) {
    throw new Error(`metrics ${metrics.filter((m) => classifierMetrics.includes(m)).join(', ')} need a classifier`);
  }
  const conditional = metrics.filter((m) => conditionalMetrics.includes(m));
  if (conditional.length > 0 && !architecture.classLatent) {
    throw new Error(`${conditional.join(' and ')} need${conditional.length === 1 ? 's' : ''} a conditional architecture (one with classLatent, e.g. cgan); ${architecture.name} has none`);
  }
  if (metrics.includes('d-acc') && !options.discriminate) throw new Error('d-acc needs the discriminator');
  const fewest = classPrSamples(classifier);
  if (metrics.includes('class-pr') && options.samples < fewest) {
    throw new Error(`class-pr needs ${classPrRows} samples a class (k = 3 neighbours), so at least ${fewest} samples; got ${options.samples}`);
  }
  if (!Number.isInteger(options.samples) || options.samples < 2) throw new Error(`samples must be a whole number, 2 or more; got ${options.samples}`);
}

/** Runs the asked metrics; see the module comment. */
export async function evaluateGenerator<C extends TrainHyperparameters>(options: GeneratorEvaluationOptions<C>): Promise<GeneratorEvaluation> {
  checkInputs(options);
  const { architecture, config, generator, classifier, real, metrics, samples, seed } = options;
  const latent = architecture.latent!;
  const generate = architecture.generate!;
  const batchSize = options.batchSize ?? 250;
  const progress = options.onProgress ?? (() => undefined);
  const result: GeneratorEvaluation = { real: { source: real.name, count: real.count }, samples, seed };
  if (classifier && metrics.some((m) => classifierMetrics.includes(m))) result.featureExtractor = classifier.featureExtractor;

  let embeddedReal = options.realFeatures;
  const realSet = async (embedder: ImageClassifier): Promise<FeatureSet> =>
    (embeddedReal ??= await embedDataset(embedder, real, { batchSize, onProgress: (done) => progress('real', done, real.count) }));

  if (classifier && (metrics.includes('fd') || metrics.includes('kid') || metrics.includes('pr'))) {
    const realFeatures = await realSet(classifier);
    const { features: fake } = await classifier.embed(
      samples,
      (start, size) =>
        tf.tidy(() => {
          const codes = latent(config, size, deriveSeed(seed, start));
          return generate(generator, codes, config);
        }),
      { batchSize, onProgress: (done) => progress('samples', done, samples) },
    );
    if (metrics.includes('fd')) result.fd = { value: frechetDistance(realFeatures, fake), realCount: realFeatures.count, fakeCount: fake.count };
    if (metrics.includes('kid')) {
      // Subsets of at most half the smaller set, so that the subsets differ (Bińkowski et al. use 1000 of 50k).
      const subsetSize = Math.max(2, Math.min(1000, Math.floor(Math.min(realFeatures.count, fake.count) / 2)));
      result.kid = await kernelDistance(realFeatures, fake, { subsets: options.kidSubsets ?? 100, subsetSize, seed });
    }
    if (metrics.includes('pr')) {
      // Equal set sizes, as Kynkäänniemi et al.: k-NN radii depend on how many points a set has.
      const count = Math.min(realFeatures.count, fake.count);
      const first = (set: FeatureSet) => (set.count === count ? set : selectRows(set, Int32Array.from({ length: count }, (_, i) => i)));
      result.pr = { ...(await precisionRecall(first(realFeatures), first(fake))), count };
    }
  }

  if (classifier && metrics.some((m) => conditionalMetrics.includes(m))) {
    const classNames = classifier.info.classNames;
    const asked = Int32Array.from({ length: samples }, (_, i) => i % classNames.length);
    const { classes, features } = await classifier.embed(
      samples,
      (start, size) =>
        tf.tidy(() => {
          const codes = architecture.classLatent!(config, Array.from(asked.subarray(start, start + size)), deriveSeed(seed, start, 1));
          return generate(generator, codes, config);
        }),
      { batchSize, onProgress: (done) => progress('class samples', done, samples) },
    );
    const hits = new Array<number>(classNames.length).fill(0);
    const totals = new Array<number>(classNames.length).fill(0);
    asked.forEach((c, i) => {
      totals[c]! += 1;
      if (classes[i] === c) hits[c]! += 1;
    });
    const correct = hits.reduce((a, b) => a + b, 0);
    if (metrics.includes('class-acc')) result.classAcc = { value: correct / samples, perClass: hits.map((h, c) => h / totals[c]!), classNames, count: samples };
    if (metrics.includes('class-pr')) {
      result.classPr = { ...(await classPrecisionRecall(await realSet(classifier), real.labels, features, asked, classNames.length)), classNames };
    }
  }

  if (metrics.includes('d-acc')) {
    const count = Math.min(samples, real.count, options.trainReal?.count ?? Infinity);
    let done = 0;
    result.dAcc = await discriminatorAccuracy(
      options.discriminate!,
      (start, size) => datasetBatch(real, start, size),
      (start, size) => {
        // Fakes for the classes of the matching real batch (as the training step draws them).
        const labels = tf.tensor1d(real.labels.subarray(start, start + size), 'int32');
        const images = tf.tidy(() => {
          const codes = architecture.classLatent
            ? architecture.classLatent(config, Array.from(real.labels.subarray(start, start + size)), deriveSeed(seed, start, 2))
            : latent(config, size, deriveSeed(seed, start, 2));
          return generate(generator, codes, config);
        });
        done += size;
        progress('d-acc', done, count);
        return { images, labels };
      },
      count,
      { batchSize, threshold: options.threshold ?? 0 },
    );
    if (options.trainReal) {
      const train = options.trainReal;
      result.dAcc.trainReal = await trainRealAccuracy(options.discriminate!, train, count, batchSize, options.threshold ?? 0);
    }
  }
  return result;
}

/** Share of the first `count` images of `dataset` that D scores above `threshold`. */
async function trainRealAccuracy(discriminate: Discriminate, dataset: ImageDataset, count: number, batchSize: number, threshold: number): Promise<number> {
  let correct = 0;
  for (let start = 0; start < count; start += batchSize) {
    const { images, labels } = datasetBatch(dataset, start, Math.min(batchSize, count - start));
    const hits = tf.tidy(() => tf.sum(tf.cast(tf.greater(tf.reshape(discriminate(images, labels), [images.shape[0], -1]), threshold), 'float32')));
    tf.dispose([images, labels]);
    correct += (await hits.data())[0]!;
    hits.dispose();
  }
  return correct / count;
}

/** The results as flat numbers for a metrics.jsonl line. */
export function evaluationNumbers(evaluation: GeneratorEvaluation): Record<string, number> {
  const out: Record<string, number> = {};
  if (evaluation.fd) out.fd = evaluation.fd.value;
  if (evaluation.kid) out.kid = evaluation.kid.mean;
  if (evaluation.pr) {
    out.precision = evaluation.pr.precision;
    out.recall = evaluation.pr.recall;
  }
  if (evaluation.classAcc) out.classAcc = evaluation.classAcc.value;
  if (evaluation.classPr) {
    out.classPrecisionMin = Math.min(...evaluation.classPr.precision);
    out.classRecallMin = Math.min(...evaluation.classPr.recall);
  }
  if (evaluation.dAcc) {
    out.dAccReal = evaluation.dAcc.real;
    out.dAccFake = evaluation.dAcc.fake;
    if (evaluation.dAcc.trainReal !== undefined) out.dAccTrainReal = evaluation.dAcc.trainReal;
  }
  return out;
}
