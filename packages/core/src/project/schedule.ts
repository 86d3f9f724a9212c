/**
 * The optimisation schedule of NVlabs' stylegan2-ada projector.py (Karras et al. 2020, Appendix D),
 * as a function of t = step / steps: the learning rate ramps up over the first 5% (linearly) and
 * down over the last 25% (cosine), and the noise added to the latent decays quadratically to 0 over
 * the first 75% (the "noise ramp", which shakes the code out of poor local minima early on).
 */

/** The schedule's constants; the defaults are projector.py's. */
export interface ProjectionSchedule {
  /** Peak learning rate of Adam. projector.py: 0.1. */
  lr: number;
  /** Share of the steps over which the rate ramps up. projector.py: 0.05. */
  rampUp: number;
  /** Share of the steps over which the rate ramps down. projector.py: 0.25. */
  rampDown: number;
  /** Latent noise at step 0, times the latent's spread (NVlabs' w_std). projector.py: 0.05. */
  initialNoise: number;
  /** Share of the steps over which the latent noise falls to 0. projector.py: 0.75. */
  noiseRamp: number;
}

export const defaultSchedule: ProjectionSchedule = { lr: 0.1, rampUp: 0.05, rampDown: 0.25, initialNoise: 0.05, noiseRamp: 0.75 };

/** The learning rate at `step` of `steps`: lr · (½ - ½cos(π·min(1, (1-t)/rampDown))) · min(1, t/rampUp). */
export function learningRateAt(schedule: ProjectionSchedule, step: number, steps: number): number {
  const t = step / steps;
  const down = 0.5 - 0.5 * Math.cos(Math.min(1, (1 - t) / schedule.rampDown) * Math.PI);
  return schedule.lr * down * Math.min(1, t / schedule.rampUp);
}

/** The latent noise at `step` of `steps`, as a multiple of the latent's spread: initialNoise · max(0, 1 - t/noiseRamp)². */
export const latentNoiseAt = (schedule: ProjectionSchedule, step: number, steps: number): number =>
  schedule.initialNoise * Math.max(0, 1 - step / steps / schedule.noiseRamp) ** 2;
