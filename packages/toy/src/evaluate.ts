/**
 * Sampling, evaluation and inspection of trained toy networks: generated points, the papers' mode
 * metrics on them, D's decision surface, and the run's scatter-plot sample grid.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, normalLatent, rngStreams, type Networks } from '@ganforge/core';
import type { ToyConfig } from './config.js';
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

/** The papers' figures for a generator: modes covered, high-quality share, reverse KL (plain numbers). */
export type ToyEvaluation = Omit<ModeStatistics, 'counts'>;

/** Modes covered and high-quality share of `samples` generated points (VEEGAN's and PacGAN's test). */
export async function evaluateToy(generator: tf.LayersModel, config: ToyConfig, options: EvaluateToyOptions = {}): Promise<ToyEvaluation> {
  const { samples = 2500, seed = 0, ...modeOptions } = options;
  const points = generatePoints(generator, config, samples, seed);
  const values = await points.data();
  points.dispose();
  const { counts: _counts, ...figures } = modeStatistics(values, distribution(config.distribution), modeOptions);
  return figures;
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

/** `Architecture.evaluate` for the toy: the evaluation of `evaluateToy` with its defaults on the run's generator. */
export async function evaluateNetworks(nets: Networks, config: ToyConfig): Promise<Record<string, number>> {
  return { ...(await evaluateToy(nets.generator, config)) };
}
