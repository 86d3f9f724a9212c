import * as tf from '@tensorflow/tfjs';
import { deriveSeed, rngStreams } from '@ganforge/core';
import type { Pix2pixConfig } from './config.js';

/** N(0, initStd) weights and N(1, initStd) batch-norm scales (junyanz's init_type normal), each layer seeded apart. */
export function initializers(config: Pix2pixConfig, seed: number, network: number) {
  let layer = 0;
  const next = () => deriveSeed(seed, rngStreams.init, network, layer++);
  return {
    /** Seed for a layer that draws its own numbers (dropout). */
    seed: next,
    weights: () => tf.initializers.randomNormal({ mean: 0, stddev: config.initStd, seed: next() }),
    batchNorm: (name: string) =>
      tf.layers.batchNormalization({
        name,
        momentum: config.batchNormMomentum,
        epsilon: 1e-5,
        gammaInitializer: tf.initializers.randomNormal({ mean: 1, stddev: config.initStd, seed: next() }),
      }),
  };
}
