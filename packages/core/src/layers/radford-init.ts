import * as tf from '@tensorflow/tfjs';
import { deriveSeed, rngStreams } from '../random/rng.js';

/** The two numbers Radford et al.'s initialisation reads from a family's config. */
export interface RadfordInitSettings {
  /** Std of the N(0, s) weights and of the N(1, s) batch-norm scales (Radford et al.: 0.02). */
  initStd: number;
  /** Batch-norm momentum of the running statistics, Keras' convention (PyTorch's 0.1 is 0.9). */
  batchNormMomentum: number;
}

/**
 * Seeded initialisers of Radford et al. (DCGAN), which junyanz's pix2pix calls init_type 'normal':
 * N(0, initStd) kernels and batch norm with N(1, initStd) scales and epsilon 1e-5 (PyTorch's). Every
 * layer is seeded apart, by (seed, network, layer index) on the init stream, in the order the
 * network asks; `next` hands out the next layer seed to layers that draw their own numbers.
 */
export function radfordInitializers(settings: RadfordInitSettings, seed: number, network: number) {
  let layer = 0;
  const next = (): number => deriveSeed(seed, rngStreams.init, network, layer++);
  return {
    next,
    weights: () => tf.initializers.randomNormal({ mean: 0, stddev: settings.initStd, seed: next() }),
    batchNorm: (name: string) =>
      tf.layers.batchNormalization({
        name,
        momentum: settings.batchNormMomentum,
        epsilon: 1e-5,
        gammaInitializer: tf.initializers.randomNormal({ mean: 1, stddev: settings.initStd, seed: next() }),
      }),
  };
}
