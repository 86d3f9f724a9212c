/**
 * What a family brings to projection (GAN inversion): its latent spaces, where the optimisation
 * starts, and how a code becomes images. Core's projector does the rest (projector.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { tfSeed } from '../random/rng.js';
import type { LatentCode } from './code.js';

/** One optimised code: which restart it is, and the condition it is held to (cgan: a class). */
export interface ProjectionRow {
  restart: number;
  /** Index into the family's conditions; undefined for unconditional families. */
  condition?: number;
}

/** Where an optimisation starts. The projector takes ownership of `code`. */
export interface ProjectionStart {
  /** Every part `render` reads, [rows, ...]: the optimised ones and the fixed ones (cgan's one-hot class). */
  code: LatentCode;
  /** Parts Adam optimises. */
  trainable: string[];
  /**
   * Parts that get the decaying latent noise, with their spread (NVlabs' w_std: the RMS distance of
   * sampled codes from their mean); the noise is spread x latentNoiseAt(step).
   */
  spread: Record<string, number>;
  /** Parts that are per-pixel noise maps [rows, H, W, 1]: regularised and renormalised after every step. */
  noiseMaps: string[];
}

export interface Projection<C> {
  /** Latent spaces a code can live in; the first is the default (StyleGAN: w, w+; DCGAN: z). */
  spaces: readonly string[];
  /** Restarts (best of N) when the caller asks for none: 1 from a mean, more from random starts. */
  restarts: number;
  /** Conditional families: the names of the conditions (cgan: classes); each is tried unless one is asked for. */
  conditions?: (config: C) => string[];
  /** The starting codes of `rows`, seeded by `seed` and each row's restart. */
  start: (generator: tf.LayersModel, config: C, request: { space: string; rows: ProjectionRow[]; seed: number }) => ProjectionStart | Promise<ProjectionStart>;
  /**
   * Images [N, H, W, C] (about [-1, 1], not clipped) of a code [N, ...], in inference mode and
   * differentiable in the code. A code read from a file may lack optional parts (StyleGAN's noise
   * maps: then the stored noise). Caller disposes.
   */
  render: (generator: tf.LayersModel, config: C, code: LatentCode) => tf.Tensor4D;
}

/**
 * The Projection of a family whose code is z ~ N(0, I) of length latentDim (DCGAN, ProGAN; cgan
 * with `condition`): every restart starts at a seeded z, the latent noise's spread is √latentDim
 * (the RMS norm of z, as NVlabs' w_std is of w), and `images` renders a code in inference mode.
 * `condition` adds a fixed part (cgan's one-hot class) that `images` receives with z.
 */
export function zProjection<C extends { latentDim: number }>(
  images: (generator: tf.LayersModel, config: C, code: LatentCode) => tf.Tensor4D,
  condition?: { names: (config: C) => string[]; part: string; encode: (config: C, conditions: number[]) => tf.Tensor },
): Projection<C> {
  return {
    spaces: ['z'],
    restarts: 4,
    ...(condition === undefined ? {} : { conditions: condition.names }),
    start: (_generator, config, { rows, seed }) => {
      const z = tf.tidy(() => tf.concat(rows.map((row) => tf.randomNormal([1, config.latentDim], 0, 1, 'float32', tfSeed(seed, zStartStream, row.restart)))));
      const code: LatentCode = { z };
      if (condition !== undefined) code[condition.part] = condition.encode(config, rows.map((row) => row.condition!));
      return { code, trainable: ['z'], spread: { z: Math.sqrt(config.latentDim) }, noiseMaps: [] };
    },
    render: images,
  };
}

/** Stream of the seeds of z starts. */
const zStartStream = 12;
