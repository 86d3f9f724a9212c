import type * as tf from '@tensorflow/tfjs';
import type { StepMetrics, TrainContext } from '@ganforge/core';
import { adversarialStep } from '@ganforge/core/train';
import type { DcganConfig } from './config.js';

/** One DCGAN iteration: D on real and detached fake, then G through D (pytorch/examples' loop). */
export function trainStep(ctx: TrainContext<DcganConfig>): Promise<StepMetrics> {
  const { generator, discriminator } = ctx.nets;
  return adversarialStep(ctx, {
    latentDim: ctx.config.latentDim,
    generate: (latent, _labels, training) => generator.apply(latent, { training }) as tf.Tensor4D,
    discriminate: (images, _labels, training) => discriminator.apply(images, { training }) as tf.Tensor,
  });
}
