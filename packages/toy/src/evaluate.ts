/**
 * Sampling, evaluation and inspection of trained toy networks: generated points, the papers' mode
 * metrics on them, D's decision surface, and the run's scatter-plot sample grid.
 */
import * as tf from '@tensorflow/tfjs';
import { normalLatent, type Networks } from '@ganforge/core';
import { minimaxDiscriminatorLoss } from '@ganforge/core/losses';
import { precisionRecall, RejectionSampler, type RejectionOptions } from '@ganforge/core/metrics';
import { trainableVariables } from '@ganforge/core/optim';
import { deriveSeed, mulberry32, rngStreams } from '@ganforge/core/random';
import type { ToyConfig } from './config.js';
import { createDiscriminator, packPoints } from './discriminator.js';
import { distribution, sampleDistribution } from './distributions.js';
import { modeStatistics, type ModeOptions, type ModeStatistics } from './metrics.js';
import { renderScatter, scatterColors } from './scatter.js';

/** `count` points [count, 2] from seeded z ~ N(0, I), G in inference mode. Caller disposes. */
export function generatePoints(generator: tf.LayersModel, config: ToyConfig, count: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => generator.apply(normalLatent(config, count, seed), { training: false }) as tf.Tensor2D);
}

export interface EvaluateToyOptions extends ModeOptions {
  /** Generated points to measure. Default 2500 (VEEGAN, PacGAN). */
  samples?: number;
  /** Seed of their latent codes. Default 0. */
  seed?: number;
}

/**
 * The papers' figures for a generator: modes covered, high-quality share, reverse KL (plain
 * numbers); and the improved precision and recall (k = 3) of the points against as many real ones,
 * as the image families report, so a collapsed G shows in training's collapse warning.
 */
export type ToyEvaluation = ModeFigures & { precision: number; recall: number };

/** The papers' figures alone. */
export type ModeFigures = Omit<ModeStatistics, 'counts'>;

/** Rows of [x, y] points, as a feature set. */
const pointSet = (values: Float32Array) => ({ count: values.length / 2, dim: 2, data: values });

/** Modes covered, high-quality share and precision/recall of `samples` generated points (VEEGAN's and PacGAN's test). */
export async function evaluateToy(generator: tf.LayersModel, config: ToyConfig, options: EvaluateToyOptions = {}): Promise<ToyEvaluation> {
  const { samples = 2500, seed = 0, ...modeOptions } = options;
  const dist = distribution(config.distribution);
  const points = generatePoints(generator, config, samples, seed);
  const real = sampleDistribution(dist, samples, deriveSeed(seed, rngStreams.dataOrder));
  const [values, realValues] = [(await points.data()) as Float32Array, (await real.data()) as Float32Array];
  tf.dispose([points, real]);
  const { counts: _counts, ...figures } = modeStatistics(values, dist, modeOptions);
  const { precision, recall } = await precisionRecall(pointSet(realValues), pointSet(values));
  return { ...figures, precision, recall };
}

export interface RejectionEvaluation extends ModeFigures {
  /** Share of proposed points discriminator rejection sampling kept. */
  acceptance: number;
}

export interface CalibrationOptions {
  /** D updates with G frozen. Default 500. */
  steps?: number;
  /** Adam learning rate (β1 0.5, β2 0.999). Default 1e-3. */
  learningRate?: number;
  /** Packs of real and of generated points per update. Default 500. */
  batchSize?: number;
  /** Seed of the points drawn. Default 0. */
  seed?: number;
}

/**
 * A copy of D trained further against the frozen G (the logistic loss of the minimax game; the
 * run's D is untouched). Rejection sampling assumes D is the optimal D for the G it corrects,
 * log p_data/p_G; during training D lags a moving G, and a few hundred updates against the final
 * G bring its logit closer to that ratio. Caller disposes the copy.
 */
export async function calibrateDiscriminator(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  config: ToyConfig,
  options: CalibrationOptions = {},
): Promise<tf.LayersModel> {
  const { steps = 500, learningRate = 1e-3, batchSize = 500, seed = 0 } = options;
  const copy = createDiscriminator(config);
  copy.setWeights(discriminator.getWeights());
  const optimizer = tf.train.adam(learningRate, 0.5, 0.999);
  const dist = distribution(config.distribution);
  const variables = trainableVariables(copy);
  for (let step = 0; step < steps; step++) {
    const loss = optimizer.minimize(() => {
      const real = packPoints(sampleDistribution(dist, batchSize * config.pack, deriveSeed(seed, rngStreams.dataOrder, step)), config.pack);
      const fake = packPoints(generatePoints(generator, config, batchSize * config.pack, deriveSeed(seed, rngStreams.gNoise, step)), config.pack);
      return minimaxDiscriminatorLoss(copy.apply(real, { training: true }) as tf.Tensor, copy.apply(fake, { training: true }) as tf.Tensor);
    }, true, variables);
    const value = (await loss!.data())[0]!;
    loss!.dispose();
    if (!Number.isFinite(value)) throw new Error(`D's loss became ${value} at calibration step ${step + 1}; lower the calibration learning rate`);
  }
  optimizer.dispose();
  return copy;
}

/** Proposals per batch of rejection sampling, and the most batches tried before giving up. */
const proposalBatch = 5000;
const maxProposalBatches = 200;

/**
 * The figures of evaluateToy on points drawn through discriminator rejection sampling (core's
 * RejectionSampler; Azadi et al. 2019): G proposes, D's logit decides. A packed D judges `pack`
 * points at once, and its logit estimates the log ratio of the product densities, Σ log p/q over
 * the pack, so whole packs are accepted or rejected: the kept points' distribution is still the
 * corrected one. D̃_M and γ come from a burn-in set of `samples` packs.
 */
export async function evaluateToyRejection(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  config: ToyConfig,
  options: EvaluateToyOptions & RejectionOptions = {},
): Promise<RejectionEvaluation> {
  const { samples = 2500, seed = 0, quantile, epsilon, ...modeOptions } = options;
  const { pack } = config;
  const propose = async (packs: number, batch: number) => {
    const points = generatePoints(generator, config, packs * pack, deriveSeed(seed, rngStreams.sample, batch));
    const logits = tf.tidy(() => tf.reshape(discriminator.apply(packPoints(points, pack), { training: false }) as tf.Tensor, [-1]));
    const [values, scores] = [await points.data(), await logits.data()];
    tf.dispose([points, logits]);
    return { values, scores };
  };
  const sampler = new RejectionSampler((await propose(samples, 0)).scores, { quantile, epsilon });
  const uniform = mulberry32(deriveSeed(seed, rngStreams.sample, 0, 1));
  const kept = new Float32Array(samples * 2);
  let filled = 0;
  for (let batch = 1; filled < kept.length; batch++) {
    if (batch > maxProposalBatches) {
      throw new Error(`rejection sampling kept ${filled / 2} of ${samples} points from ${maxProposalBatches * proposalBatch} packs: D rejects almost everything G makes; train longer or lower the quantile`);
    }
    const { values, scores } = await propose(proposalBatch, batch);
    const accepted = sampler.accept(scores, Array.from(scores, () => uniform()));
    const width = 2 * pack; // one pack's coordinates
    for (let i = 0; i < accepted.length && filled < kept.length; i++) {
      if (!accepted[i]) continue;
      const take = Math.min(width, kept.length - filled);
      kept.set(values.subarray(i * width, i * width + take), filled);
      filled += take;
    }
  }
  const { counts: _counts, ...figures } = modeStatistics(kept, distribution(config.distribution), modeOptions);
  return { ...figures, acceptance: sampler.acceptanceRate };
}

export interface DecisionSurface {
  /** Points per side. */
  resolution: number;
  /** Square data window [min, max] on both axes. */
  window: readonly [number, number];
  /** σ(D) at each cell centre, [resolution, resolution] row-major, row 0 at the top (y = window max). */
  values: Float32Array;
}

/**
 * D's belief that a point is real, σ(D(x)), on a resolution x resolution grid over the window
 * (the distribution's plot window unless given). A packed D sees the point repeated `pack` times.
 */
export async function decisionSurface(
  discriminator: tf.LayersModel,
  config: ToyConfig,
  options: { resolution?: number; window?: readonly [number, number] } = {},
): Promise<DecisionSurface> {
  const { resolution = 64, window = distribution(config.distribution).window } = options;
  const [low, high] = window;
  const cell = (high - low) / resolution;
  const grid = new Float32Array(resolution * resolution * 2);
  for (let row = 0; row < resolution; row++) {
    for (let column = 0; column < resolution; column++) {
      const i = row * resolution + column;
      grid[2 * i] = low + (column + 0.5) * cell;
      grid[2 * i + 1] = high - (row + 0.5) * cell;
    }
  }
  const probabilities = tf.tidy(() => {
    const points = tf.tensor2d(grid, [resolution * resolution, 2]);
    const packed = tf.tile(points, [1, config.pack]); // [R², 2·pack]: (x, y, x, y, ...)
    return tf.reshape(tf.sigmoid(discriminator.apply(packed, { training: false }) as tf.Tensor), [-1]);
  });
  const values = (await probabilities.data()) as Float32Array;
  probabilities.dispose();
  return { resolution, window, values };
}

/** Points per side of a run's scatter plot and per colour. */
const plotPoints = 2500;

/**
 * The run's sample grid: one scatter plot of 2500 real points (blue) and 2500 generated points
 * (orange, from the same latent codes at every step) on the distribution's fixed window.
 * [1, 400, 400, 3] in [-1, 1]; the caller disposes it.
 */
export function scatterGrid(generator: tf.LayersModel, config: ToyConfig): tf.Tensor4D {
  const dist = distribution(config.distribution);
  const seed = deriveSeed(0, rngStreams.sample);
  return tf.tidy(() => {
    const real = sampleDistribution(dist, plotPoints, seed);
    const generated = generatePoints(generator, config, plotPoints, deriveSeed(seed, 1));
    const image = renderScatter({
      window: dist.window,
      gridStep: dist.window[1] > 4 ? 2 : 1,
      layers: [
        { points: real, color: scatterColors.real, radius: 1 },
        { points: generated, color: scatterColors.generated, radius: 1 },
      ],
    });
    return tf.expandDims(tf.sub(tf.mul(image, 2), 1), 0) as tf.Tensor4D;
  });
}

/**
 * `Architecture.evaluate` for the toy: evaluateToy's figures with its defaults on the run's
 * generator, and the same figures through discriminator rejection sampling (prefixed `drs`,
 * with the share kept), for the losses whose D estimates a density ratio.
 */
export async function evaluateNetworks(nets: Networks, config: ToyConfig): Promise<Record<string, number>> {
  const plain = await evaluateToy(nets.generator, config);
  if (config.loss !== 'minimax' && config.loss !== 'non-saturating') return { ...plain };
  const drs = await evaluateToyRejection(nets.generator, nets.discriminator, config);
  return { ...plain, drsModes: drs.modes, drsHighQuality: drs.highQuality, drsReverseKl: drs.reverseKl, drsAcceptance: drs.acceptance };
}
