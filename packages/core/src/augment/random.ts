/**
 * Where an augmentation draws its random parameters: a sequence of seeded draws, each one fresh.
 * In a training step the draws come from the step's seeded streams, so a resumed run augments
 * exactly as a straight run would have.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainContext } from '../train/architecture.js';
import { rngStreams, tfSeed } from '../train/rng.js';

/** Seeded draws in call order; every call returns new numbers. The caller disposes each tensor. */
export interface AugmentRandom {
  /** Uniform in [0, 1). */
  uniform: (shape: number[]) => tf.Tensor;
  /** Standard normal. */
  normal: (shape: number[]) => tf.Tensor;
}

/**
 * Draws of one training step: draw k (counting uniform and normal draws together) is
 * ctx.uniform/normal(shape, stream, k), seeded by (run seed, stream, step, k). Make one per step
 * and draw in a fixed order.
 */
export function stepRandom(ctx: Pick<TrainContext<unknown>, 'uniform' | 'normal'>, stream: number = rngStreams.discriminatorAugment): AugmentRandom {
  let draw = 0;
  return {
    uniform: (shape) => ctx.uniform(shape, stream, draw++),
    normal: (shape) => ctx.normal(shape, stream, draw++),
  };
}

/** Draws seeded by `seed` alone (draw k from (seed, k)), for use outside a training step: tests, previews. */
export function seededRandom(seed: number): AugmentRandom {
  let draw = 0;
  return {
    uniform: (shape) => tf.randomUniform(shape, 0, 1, 'float32', tfSeed(seed, draw++)),
    normal: (shape) => tf.randomNormal(shape, 0, 1, 'float32', tfSeed(seed, draw++)),
  };
}
