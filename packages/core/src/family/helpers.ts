/** Hook bodies that several families share, so each family's Architecture object only names them. */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, type DataShape } from './architecture.js';
import type { ImageSize } from '../data/dataset.js';
import { formatShape, nearestSizesHint, squareByDesign } from './image-shape.js';
import { tfSeed } from '../random/rng.js';

/** Seeded z ~ N(0, I), [count, latentDim]: the `latent` hook of families that sample a standard normal. Caller disposes. */
export const normalLatent = (config: { latentDim: number }, count: number, seed: number): tf.Tensor2D =>
  tf.randomNormal([count, config.latentDim], 0, 1, 'float32', tfSeed(seed));

/**
 * The start of `fitToData` for families of square images: the config with the data's side and
 * channels, or a ConfigError naming the family when the images are not square.
 */
export function fitSquareImages<C extends { imageSize: number; channels: 1 | 3 }>(family: string, config: C, shape: DataShape): C {
  if (shape.height !== shape.width) throw squareByDesign(family, shape);
  return { ...config, imageSize: shape.height, channels: shape.channels };
}

/**
 * A generator's layout in DCGAN-like families: it starts at startHeight x startWidth (4x4 for 64px,
 * 7x7 for MNIST's 28, 4x8 for 32x64) and doubles both sides `upsamples` times.
 */
export interface ResolutionPlan {
  startHeight: number;
  startWidth: number;
  upsamples: number;
}

/** The plan for `shape`, or undefined when there is none (see doublingPlan). */
function findDoublingPlan({ height, width }: ImageSize): ResolutionPlan | undefined {
  const short = Math.min(height, width);
  let start = short;
  let upsamples = 0;
  while (start > 7 && start % 2 === 0) {
    start /= 2;
    upsamples += 1;
  }
  const factor = 2 ** upsamples;
  if (!Number.isInteger(height) || !Number.isInteger(width) || upsamples === 0 || start < 4 || start > 7 || height % factor !== 0 || width % factor !== 0) return undefined;
  return { startHeight: height / factor, startWidth: width / factor, upsamples };
}

/**
 * Halves both sides of `shape` together until the shorter is 4..7 pixels (DCGAN's 4x4 start for
 * 64x64, 7x7 for 28x28, 4x8 for 32x64); throws a one-line ConfigError naming the nearest
 * sizes that work when halving cannot get there (30x64: 28x64, 32x64).
 */
export function doublingPlan(shape: ImageSize): ResolutionPlan {
  const plan = findDoublingPlan(shape);
  if (plan === undefined) {
    const why = shape.height === shape.width ? 'by doubling from 4..7 pixels' : 'by doubling both sides from a start whose shorter side is 4..7 pixels';
    throw new ConfigError(`image size ${formatShape(shape)} cannot be reached ${why}${nearestSizesHint(shape, (s) => findDoublingPlan(s) !== undefined)}`);
  }
  return plan;
}

/**
 * The resolution ladder of networks that grow from 4x4 by doubling (ProGAN, StyleGAN; Karras et al.):
 * level l is 4·2^l pixels, with min(fmapMax, fmapBase / resolution) channels (at least 1).
 */
export const karrasLadder = {
  /** Doublings from 4x4 to imageSize; a ConfigError naming `family` when the size is not 4·2^k, 1 ≤ k ≤ 10. */
  levels(imageSize: number, family: string): number {
    const doublings = Math.log2(imageSize / 4);
    if (!Number.isInteger(doublings) || doublings < 1 || doublings > 10) {
      throw new ConfigError(`${family} grows from 4x4 by doubling, so the image size must be 4·2^k (8, 16, 32, 64, ...); got ${imageSize}: pass e.g. --size 32`);
    }
    return doublings;
  },
  /** Resolution of level l: 4·2^l. */
  resolutionOf: (level: number): number => 4 * 2 ** level,
  /** Channels at a resolution: min(fmapMax, fmapBase / resolution), at least 1. */
  channelsAt: (config: { fmapBase: number; fmapMax: number }, resolution: number): number =>
    Math.max(1, Math.min(config.fmapMax, Math.floor(config.fmapBase / resolution))),
};
