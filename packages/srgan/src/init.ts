import * as tf from '@tensorflow/tfjs';
import { deriveSeed, rngStreams } from '@ganforge/core/random';
import type { SrganConfig } from './config.js';

/**
 * PyTorch's default initialisation (kaiming_uniform with a = √5: U(±1/√fan_in)) for conv and dense
 * kernels, as the reference code gets it; every layer seeded apart from (seed, network, layer).
 */
export function initializers(config: SrganConfig, seed: number, network: number) {
  let layer = 0;
  const next = () => deriveSeed(seed, rngStreams.init, network, layer++);
  return {
    weights: () => tf.initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform', seed: next() }),
    batchNorm: (name: string) =>
      tf.layers.batchNormalization({ name, momentum: config.batchNormMomentum, epsilon: 1e-5 }),
    /** PReLU with one shared slope, initialised to 0.25 (PyTorch's nn.PReLU(); He et al. 2015). */
    prelu: (name: string) => tf.layers.prelu({ name, sharedAxes: [1, 2, 3], alphaInitializer: tf.initializers.constant({ value: 0.25 }) }),
  };
}
