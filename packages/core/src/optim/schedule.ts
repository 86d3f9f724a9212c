/** Learning-rate schedules: one place sets both optimizers' rates from a schedule's factor. */
import type { Adam } from './adam.js';
import type { TrainHyperparameters } from '../family/architecture.js';

/** Sets both optimizers' rates to the config's base rates times `factor` (a schedule's value at a step). */
export function scaleLearningRates(
  optimizers: { generator: Adam; discriminator: Adam },
  config: Pick<TrainHyperparameters, 'lrG' | 'lrD'>,
  factor: number,
): void {
  optimizers.generator.options.learningRate = config.lrG * factor;
  optimizers.discriminator.options.learningRate = config.lrD * factor;
}

/**
 * junyanz's `linear` policy counted in steps: the rate stays constant for `constantSteps`, then falls
 * linearly over `decaySteps`: factor(t) = 1 - max(0, t + 1 - constantSteps) / (decaySteps + 1),
 * clamped at 0, for step t from 0. decaySteps 0 keeps the rate constant.
 */
export function linearDecayFactor(step: number, constantSteps: number, decaySteps: number): number {
  if (decaySteps <= 0) return 1;
  return Math.max(0, 1 - Math.max(0, step + 1 - constantSteps) / (decaySteps + 1));
}

/** Sets both optimizers' rates for `step` from the config's base rates and the linear decay. */
export function applyLinearDecay(
  optimizers: { generator: Adam; discriminator: Adam },
  config: { lrG: number; lrD: number; lrConstantSteps: number; lrDecaySteps: number },
  step: number,
): number {
  const factor = linearDecayFactor(step, config.lrConstantSteps, config.lrDecaySteps);
  scaleLearningRates(optimizers, config, factor);
  return factor;
}
