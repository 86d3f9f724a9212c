/**
 * Projection (GAN inversion): the latent codes whose images are closest to given images, found by
 * gradient descent on the code with the generator frozen. The method is NVlabs' stylegan2-ada
 * projector.py (Karras et al. 2020, Appendix D) made family-neutral: Adam (β 0.9, 0.999) on the
 * code from the family's start, the learning-rate ramps and decaying latent noise of schedule.ts,
 * noise-map regularisation when the family optimises noise maps, and, for latent spaces without a
 * mean to start from (z), the best of several seeded restarts. Conditional families try every
 * condition (cgan: every class) unless one is given, and keep the best.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../family/architecture.js';
import { Adam } from '../optim/adam.js';
import { tfSeed } from '../random/rng.js';
import { disposeCode, selectCodeRows, type LatentCode } from './code.js';
import { imageDistance, type ImageDistance } from './distance.js';
import { normalizeNoise, noiseRegularization } from './noise-maps.js';
import type { Projection, ProjectionRow } from './projection.js';
import { defaultSchedule, latentNoiseAt, learningRateAt, type ProjectionSchedule } from './schedule.js';

export interface ProjectOptions extends Partial<ProjectionSchedule> {
  /** Latent space, one of the family's (default: its first). */
  space?: string;
  /** Optimisation steps. Default 1000 (projector.py). */
  steps?: number;
  /** Restarts per image and condition, best kept. Default: the family's. */
  restarts?: number;
  /** Seed of the starts and of the latent noise: the same seed gives the same codes, bit for bit. */
  seed?: number;
  /** Conditional families: the one condition (class index) to project into; default every one. */
  condition?: number;
  /** What is minimised. Default: pixel MSE (imageDistance()). */
  distance?: ImageDistance;
  /** Weight of the noise-map regularisation. Default 1e5 (projector.py). */
  noiseWeight?: number;
  /** Called after every step with its numbers, the best of each image's rows. */
  onStep?: (report: StepReport) => void | Promise<void>;
}

export interface StepReport {
  /** Steps done, from 1. */
  step: number;
  steps: number;
  lr: number;
  /** Per image: distance plus weighted regularisation of its best row. */
  loss: number[];
  /** Per image: the smallest distance among its rows. */
  distance: number[];
}

export interface Projected {
  /** The best code of each image, [N, ...]. Caller disposes (disposeCode). */
  code: LatentCode;
  /** Their images [N, H, W, C], clipped to [-1, 1]. Caller disposes. */
  images: tf.Tensor4D;
  /** Each image's distance to its reconstruction. */
  distances: number[];
  /** Conditional families: the condition each image's code holds. */
  conditions?: number[];
  space: string;
}

/** Stream of the latent noise's seeds (apart from the families' starting draws). */
const jitterStream = 11;

/** Projects `targets` [N, H, W, C] in [-1, 1] into the latent space of `generator` (inference mode, weights untouched). */
export async function projectImages<C>(projection: Projection<C>, generator: tf.LayersModel, config: C, targets: tf.Tensor4D, options: ProjectOptions = {}): Promise<Projected> {
  const { steps = 1000, seed = 0, noiseWeight = 1e5, onStep } = options;
  const schedule: ProjectionSchedule = { ...defaultSchedule, ...Object.fromEntries(Object.entries(options).filter(([k, v]) => k in defaultSchedule && v !== undefined)) };
  const space = options.space ?? projection.spaces[0]!;
  if (!projection.spaces.includes(space)) throw new ConfigError(`latent space "${space}" does not exist here; this generator projects into ${projection.spaces.join(' or ')}`);
  const restarts = options.restarts ?? projection.restarts;
  if (!Number.isInteger(restarts) || restarts < 1) throw new ConfigError(`restarts must be a positive integer, got ${restarts}`);
  const conditionNames = projection.conditions?.(config);
  let conditions: (number | undefined)[] = [undefined];
  if (conditionNames !== undefined) {
    const asked = options.condition;
    if (asked !== undefined && !(Number.isInteger(asked) && asked >= 0 && asked < conditionNames.length)) {
      throw new ConfigError(`condition ${asked} does not exist; this generator has ${conditionNames.length}: ${conditionNames.join(', ')}`);
    }
    conditions = asked === undefined ? conditionNames.map((_, k) => k) : [asked];
  }
  const count = targets.shape[0];
  // Rows: every (condition, restart) candidate for every image, candidate-major: row = k·N + i.
  const candidates: ProjectionRow[] = conditions.flatMap((condition) => Array.from({ length: restarts }, (_, restart) => ({ restart, condition })));
  const rows = candidates.flatMap((row) => new Array<ProjectionRow>(count).fill(row));
  const start = await projection.start(generator, config, { space, rows, seed });
  const variables = start.trainable.map((name) => tf.variable(start.code[name]!, true));
  const fixed: LatentCode = Object.fromEntries(Object.entries(start.code).filter(([name]) => !start.trainable.includes(name)));
  tf.dispose(start.trainable.map((name) => start.code[name]!));
  const tiled = tf.tidy(() => tf.tile(targets, [candidates.length, 1, 1, 1]) as tf.Tensor4D);
  const distance = (options.distance ?? imageDistance()).against(tiled);
  const adam = new Adam(variables, { learningRate: schedule.lr, beta1: 0.9, beta2: 0.999 });
  const codeOf = (jitter: number, step: number): LatentCode => ({
    ...fixed,
    ...Object.fromEntries(
      start.trainable.map((name, j) => {
        const v = variables[j]!;
        const spread = start.spread[name];
        return [name, spread === undefined || jitter === 0 ? v : tf.add(v, tf.mul(tf.randomNormal(v.shape, 0, 1, 'float32', tfSeed(seed, jitterStream, step, j)), spread * jitter))];
      }),
    ),
  });
  /** The best row of image i among values [rows]: its candidate index. */
  const bestOf = (values: ArrayLike<number>, i: number) => candidates.reduce((best, _, k) => (values[k * count + i]! < values[best * count + i]! ? k : best), 0);
  try {
    for (let step = 0; step < steps; step++) {
      adam.options.learningRate = learningRateAt(schedule, step, steps);
      const jitter = latentNoiseAt(schedule, step, steps);
      const kept: { measured?: tf.Tensor } = {};
      const { value, grads } = tf.variableGrads(() => {
        const code = codeOf(jitter, step);
        const dist = distance.measure(projection.render(generator, config, code)); // [rows]
        const maps = start.noiseMaps.map((name) => code[name] as tf.Tensor4D);
        const loss = maps.length === 0 ? dist : tf.add(dist, tf.mul(noiseRegularization(maps), noiseWeight)); // [rows]
        kept.measured = tf.keep(tf.stack([dist, loss])); // [2, rows]
        return tf.sum(loss) as tf.Scalar;
      }, variables);
      adam.apply(grads);
      tf.dispose([value, ...Object.values(grads)]);
      start.noiseMaps.forEach((name) => {
        const v = variables[start.trainable.indexOf(name)]!;
        tf.tidy(() => v.assign(normalizeNoise(v)));
      });
      const values = await kept.measured!.data();
      kept.measured!.dispose();
      if (onStep !== undefined) {
        const best = Array.from({ length: count }, (_, i) => bestOf(values, i) * count + i);
        await onStep({ step: step + 1, steps, lr: adam.options.learningRate, distance: best.map((r) => values[r]!), loss: best.map((r) => values[rows.length + r]!) });
      }
    }
    const final = codeOf(0, steps);
    const rendered = tf.tidy(() => projection.render(generator, config, final));
    const measuredFinal = distance.measure(rendered);
    const values = await measuredFinal.data();
    measuredFinal.dispose();
    const chosen = Array.from({ length: count }, (_, i) => bestOf(values, i) * count + i);
    const indices = tf.tensor1d(chosen, 'int32');
    const images = tf.tidy(() => tf.clipByValue(tf.gather(rendered, indices), -1, 1) as tf.Tensor4D);
    tf.dispose([rendered, indices]);
    return {
      code: selectCodeRows(final, chosen),
      images,
      distances: chosen.map((r) => values[r]!),
      ...(conditionNames === undefined ? {} : { conditions: chosen.map((r) => rows[r]!.condition!) }),
      space,
    };
  } finally {
    adam.dispose();
    distance.dispose();
    disposeCode(fixed);
    tf.dispose([tiled, ...variables]);
  }
}

/** A family's `project(generator, images, options)`: projectImages with its Projection; `options.config` is the run's config. */
export const projector =
  <C>(projection: Projection<C>) =>
  (generator: tf.LayersModel, images: tf.Tensor4D, options: ProjectOptions & { config: C }): Promise<Projected> =>
    projectImages(projection, generator, options.config, images, options);
