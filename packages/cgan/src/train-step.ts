import * as tf from '@tensorflow/tfjs';
import type { StepMetrics, TrainContext } from '@ganforge/core';
import { orthogonalRegularization } from '@ganforge/core/losses';
import { adversarialStep } from '@ganforge/core/train';
import type { CganConfig } from './config.js';

/** [N] class indices -> [N, K] float one-hot. */
export const oneHotClasses = (labels: tf.Tensor1D, numClasses: number): tf.Tensor2D => tf.tidy(() => tf.cast(tf.oneHot(labels, numClasses), 'float32') as tf.Tensor2D); // the wasm OneHot kernel ignores a float32 dtype

/** G's kernels that BigGAN regularises towards orthogonality: every rank >= 2 weight but the class embedding (BigGAN skips its shared embedding). */
export const orthogonalKernels = (generator: tf.LayersModel): tf.Tensor[] =>
  generator.trainableWeights.filter((w) => w.shape.length >= 2 && !w.originalName.startsWith('class-embedding')).map((w) => w.read());

/**
 * One cGAN iteration (core's adversarialStep): D on real images with their labels and on fakes drawn
 * for those same labels, then G through D; G asks for a class by the one-hot half of its latent.
 * With orthogonalReg > 0, G's loss (and the logged gLoss) adds β·orthogonalRegularization.
 */
export function trainStep(ctx: TrainContext<CganConfig>): Promise<StepMetrics> {
  const { generator, discriminator } = ctx.nets;
  const { latentDim, numClasses, orthogonalReg } = ctx.config;
  return adversarialStep(ctx, {
    latentDim,
    generate: (z, labels, training) => generator.apply(tf.concat([z, oneHotClasses(labels, numClasses)], 1), { training }) as tf.Tensor4D,
    discriminate: (images, labels, training) => discriminator.apply([images, oneHotClasses(labels, numClasses)], { training }) as tf.Tensor,
    ...(orthogonalReg > 0 ? { generatorRegularizer: () => tf.mul(orthogonalReg, orthogonalRegularization(orthogonalKernels(generator))) as tf.Scalar } : {}),
  });
}
