// @ganforge/core/optim: Adam with PyTorch's rule, the GAN's two optimizers, learning-rate schedules, weight EMA.
export { Adam, type AdamOptions } from './adam.js';
export { createOptimizers, trainableVariables } from './optimizers.js';
export { applyLinearDecay, linearDecayFactor, scaleLearningRates } from './schedule.js';
export { WeightAverage } from './ema.js';
