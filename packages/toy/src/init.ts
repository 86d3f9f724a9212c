import * as tf from '@tensorflow/tfjs';
import { deriveSeed, rngStreams } from '@ganforge/core/random';
import type { ToyConfig } from './config.js';

/**
 * Weight initializers, each layer seeded apart: N(0, initStd) (PacGAN's IsotropicGaussian(0.02)) or
 * He normal (truncated N(0, 2/fanIn), He et al. 2015). Biases stay 0.
 */
export function weightInit(config: ToyConfig, seed: number, network: number) {
  let layer = 0;
  return () => {
    const layerSeed = deriveSeed(seed, rngStreams.init, network, layer++);
    return config.init === 'he' ? tf.initializers.heNormal({ seed: layerSeed }) : tf.initializers.randomNormal({ mean: 0, stddev: config.initStd, seed: layerSeed });
  };
}
