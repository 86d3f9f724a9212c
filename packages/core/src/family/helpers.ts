/** Hook bodies that several families share, so each family's Architecture object only names them. */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, type DataShape } from './architecture.js';
import { tfSeed } from '../random/rng.js';

/** Seeded z ~ N(0, I), [count, latentDim]: the `latent` hook of families that sample a standard normal. Caller disposes. */
export const normalLatent = (config: { latentDim: number }, count: number, seed: number): tf.Tensor2D =>
  tf.randomNormal([count, config.latentDim], 0, 1, 'float32', tfSeed(seed));

/**
 * The start of `fitToData` for families of square images: the config with the data's side and
 * channels, or a ConfigError naming the family when the images are not square.
 */
export function fitSquareImages<C extends { imageSize: number; channels: 1 | 3 }>(family: string, config: C, shape: DataShape): C {
  if (shape.height !== shape.width) throw new ConfigError(`${family} needs square images, got ${shape.height}x${shape.width}`);
  return { ...config, imageSize: shape.height, channels: shape.channels };
}

/** A generator's layout in DCGAN-like families: it starts at startSize x startSize and doubles `upsamples` times. */
export interface ResolutionPlan {
  startSize: number;
  upsamples: number;
}

/**
 * Halves imageSize down to a start of 4..7 pixels (DCGAN's 4x4 start, 7x7 for MNIST's 28); throws a
 * ConfigError when halving cannot get there.
 */
export function doublingPlan(imageSize: number): ResolutionPlan {
  let startSize = imageSize;
  let upsamples = 0;
  while (startSize > 7 && startSize % 2 === 0) {
    startSize /= 2;
    upsamples += 1;
  }
  if (!Number.isInteger(imageSize) || upsamples === 0 || startSize < 4 || startSize > 7) {
    throw new ConfigError(`image size ${imageSize} cannot be reached by doubling from 4..7 pixels; use e.g. 28, 32 or 64`);
  }
  return { startSize, upsamples };
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
