import * as tf from '@tensorflow/tfjs';
import type { TrainContext } from '../family/architecture.js';
import { tfSeed } from '../random/rng.js';

/**
 * The context of iteration `step`: its noise is seeded by (run seed, stream, step, index), so the
 * same run seed and step always draw the same numbers, resumed or not.
 */
export function seededContext<C>(
  parts: Omit<TrainContext<C>, 'normal' | 'uniform'>,
  seed: number,
): TrainContext<C> {
  const { step } = parts;
  return {
    ...parts,
    normal: (shape, stream, index = 0) => tf.randomNormal(shape, 0, 1, 'float32', tfSeed(seed, stream, step, index)),
    uniform: (shape, stream, index = 0) => tf.randomUniform(shape, 0, 1, 'float32', tfSeed(seed, stream, step, index)),
  };
}
