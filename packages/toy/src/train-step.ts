import * as tf from '@tensorflow/tfjs';
import type { RealBatch, StepMetrics, TrainContext } from '@ganforge/core';
import { rngStreams } from '@ganforge/core/random';
import { adversarialStep } from '@ganforge/core/train';
import type { ToyConfig } from './config.js';
import { packPoints } from './discriminator.js';
import { distribution, sampleMixture } from './distributions.js';

/** Std of the instance noise at `step`: instanceNoise, falling linearly to 0 over instanceNoiseSteps (if > 0). */
export const instanceNoiseAt = (config: ToyConfig, step: number): number =>
  config.instanceNoiseSteps > 0 ? config.instanceNoise * Math.max(0, 1 - step / config.instanceNoiseSteps) : config.instanceNoise;

/**
 * One toy iteration: core's D-then-G step with real points drawn here from the target mixture
 * (never ctx.nextBatch: the loop's dataset is empty). Each batch holds batchSize·pack points,
 * carried as [N, 1, 1, 2] "images"; D packs consecutive points into [N/pack, 2·pack] (PacGAN).
 * Real draws use the data-order stream (uniforms at index 2i, offsets at 2i+1 for the i-th batch
 * of the step), instance noise the augment stream (one index per D call, in call order), so a
 * resumed run draws the same numbers as a straight one.
 */
export function trainStep(ctx: TrainContext<ToyConfig>): Promise<StepMetrics> {
  const { config } = ctx;
  const { generator, discriminator } = ctx.nets;
  const dist = distribution(config.distribution);
  const count = config.batchSize * config.pack;
  const noise = instanceNoiseAt(config, ctx.step);
  let drawn = 0;
  let noised = 0;
  const nextBatch = (): RealBatch => {
    const i = drawn++;
    return tf.tidy(() => {
      const points = sampleMixture(dist, ctx.uniform([count], rngStreams.dataOrder, 2 * i), ctx.normal([count, 2], rngStreams.dataOrder, 2 * i + 1));
      return { images: tf.reshape(points, [count, 1, 1, 2]) as tf.Tensor4D, labels: tf.zeros([count], 'int32') as tf.Tensor1D };
    });
  };
  const toD = (points: tf.Tensor4D): tf.Tensor => {
    const flat = tf.reshape(points, [-1, 2]); // [N·pack, 2]
    return noise > 0 ? tf.add(flat, tf.mul(ctx.normal(flat.shape, rngStreams.augment, noised++), noise)) : flat;
  };
  return adversarialStep({ ...ctx, nextBatch }, {
    latentDim: config.latentDim,
    r1Gamma: config.r1Gamma,
    freshGeneratorBatch: config.freshGeneratorBatch,
    generate: (latent, _labels, training) => tf.reshape(generator.apply(latent, { training }) as tf.Tensor, [-1, 1, 1, 2]) as tf.Tensor4D,
    discriminate: (points, _labels, training) => discriminator.apply(packPoints(toD(points), config.pack), { training }) as tf.Tensor,
  });
}
