/** The two Adams of a GAN and the variables each updates. */
import type * as tf from '@tensorflow/tfjs';
import type { Networks, TrainHyperparameters } from '../family/architecture.js';
import { Adam } from './adam.js';

/** The variables a network's optimizer updates, in layer order. */
export const trainableVariables = (model: tf.LayersModel): tf.Variable[] => model.trainableWeights.map((w) => w.read() as tf.Variable);

/** Variables of every network whose name starts with `role`, in name order then layer order. */
const roleVariables = (nets: Networks, role: 'generator' | 'discriminator'): tf.Variable[] =>
  Object.keys(nets)
    .filter((name) => name.startsWith(role))
    .sort()
    .flatMap((name) => trainableVariables(nets[name]!));

/**
 * Two Adams with the config's separate learning rates and shared betas: one updates every network
 * named `generator*` (CycleGAN's two generators together, as in its reference code), the other
 * every network named `discriminator*`.
 */
export function createOptimizers(nets: Networks, config: TrainHyperparameters): { generator: Adam; discriminator: Adam } {
  const betas = { beta1: config.beta1, beta2: config.beta2 };
  return {
    generator: new Adam(roleVariables(nets, 'generator'), { learningRate: config.lrG, ...betas }),
    discriminator: new Adam(roleVariables(nets, 'discriminator'), { learningRate: config.lrD, ...betas }),
  };
}
