import * as tf from '@tensorflow/tfjs';
import type { StepMetrics, TrainContext } from '@ganforge/core';
import { orthogonalRegularization } from '@ganforge/core/losses';
import { rngStreams } from '@ganforge/core/random';
import { adversarialStep } from '@ganforge/core/train';
import type { CganConfig } from './config.js';

/** [N] class indices -> [N, K] float one-hot. */
export const oneHotClasses = (labels: tf.Tensor1D, numClasses: number): tf.Tensor2D => tf.tidy(() => tf.cast(tf.oneHot(labels, numClasses), 'float32') as tf.Tensor2D); // the wasm OneHot kernel ignores a float32 dtype

/** G's kernels that BigGAN regularises towards orthogonality: every rank >= 2 weight but the class embedding (BigGAN skips its shared embedding). */
export const orthogonalKernels = (generator: tf.LayersModel): tf.Tensor[] =>
  generator.trainableWeights.filter((w) => w.shape.length >= 2 && !w.originalName.startsWith('class-embedding')).map((w) => w.read());

/** For each label, another class drawn uniformly from the K - 1 others: (y + 1 + ⌊u·(K - 1)⌋) mod K. */
export const otherClasses = (labels: tf.Tensor1D, uniform: tf.Tensor1D, numClasses: number): tf.Tensor1D =>
  tf.tidy(() => tf.cast(tf.mod(tf.add(labels, tf.add(1, tf.floor(tf.mul(uniform, numClasses - 1)))), numClasses), 'int32') as tf.Tensor1D);

/**
 * One cGAN iteration (core's adversarialStep): D on real images with their labels and on fakes drawn
 * for those same labels, then G through D; G asks for a class by the one-hot half of its latent.
 * With orthogonalReg > 0, G's loss (and the logged gLoss) adds β·orthogonalRegularization. With
 * matchingAware, D also sees the real images under other classes' labels as fakes.
 */
export function trainStep(ctx: TrainContext<CganConfig>): Promise<StepMetrics> {
  const { generator, discriminator } = ctx.nets;
  const { latentDim, numClasses, orthogonalReg, matchingAware } = ctx.config;
  return adversarialStep(ctx, {
    latentDim,
    generate: (z, labels, training) => generator.apply(tf.concat([z, oneHotClasses(labels, numClasses)], 1), { training }) as tf.Tensor4D,
    discriminate: (images, labels, training) => discriminator.apply([images, oneHotClasses(labels, numClasses)], { training }) as tf.Tensor,
    ...(matchingAware
      ? { mismatchedLabels: (labels: tf.Tensor1D, i: number) => tf.tidy(() => otherClasses(labels, ctx.uniform(labels.shape, rngStreams.mismatchedLabels, i) as tf.Tensor1D, numClasses)) }
      : {}),
    ...(orthogonalReg > 0 ? { generatorRegularizer: () => tf.mul(orthogonalReg, orthogonalRegularization(orthogonalKernels(generator))) as tf.Scalar } : {}),
  });
}
