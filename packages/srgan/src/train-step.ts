import * as tf from '@tensorflow/tfjs';
import type { StepMetrics, TrainContext } from '@ganforge/core';
import { discriminatorAugment } from '@ganforge/core/augment';
import { adversarialLosses, l2Loss } from '@ganforge/core/losses';
import { decisionThreshold } from '@ganforge/core/metrics';
import { scaleLearningRates, trainableVariables } from '@ganforge/core/optim';
import { rngStreams } from '@ganforge/core/random';
import { learningRateFactor, type SrganConfig } from './config.js';
import { contentLoss, contentNetwork } from './content.js';
import { dihedralTransforms, lowResolution, randomCrops } from './data.js';

/** Share of logits on the right side of zero: D's accuracy with 0 as the decision threshold. */
const accuracy = (logits: tf.Tensor, real: boolean): tf.Scalar =>
  tf.tidy(() => tf.mean(tf.cast(real ? tf.greater(logits, 0) : tf.lessEqual(logits, 0), 'float32')));

/** Seeded random HR crops of a batch, each flipped and rotated at random when the config asks. Caller disposes. */
async function hrCrops(ctx: TrainContext<SrganConfig>, images: tf.Tensor4D): Promise<tf.Tensor4D> {
  const n = images.shape[0];
  const offsets = ctx.uniform([n, 2], rngStreams.augment);
  const crops = randomCrops(images, ctx.config.cropSize, await offsets.data()); // [N, crop, crop, C]
  offsets.dispose();
  if (!ctx.config.flipRotate) return crops;
  const draws = ctx.uniform([n, 3], rngStreams.augment, 1);
  const transformed = dihedralTransforms(crops, await draws.data());
  tf.dispose([crops, draws]);
  return transformed;
}

/** A training pair from the next batch: HR crops and their bicubic x1/scale LR inputs. */
async function nextPair(ctx: TrainContext<SrganConfig>): Promise<{ hr: tf.Tensor4D; lr: tf.Tensor4D }> {
  const { images, labels, source } = ctx.nextBatch();
  const hr = await hrCrops(ctx, images);
  const lr = lowResolution(hr, ctx.config.scale); // [N, crop/scale, crop/scale, C]
  tf.dispose([images, labels, ...(source ? [source] : [])]);
  return { hr, lr };
}

/**
 * One SRGAN iteration, at the learning rates of its step (learningRateFactor). While
 * step < pretrainSteps: SRResNet alone on pixel MSE (D is not touched; dLoss reads 0). After: D on
 * HR crops and detached SR outputs, then G on content + adversarialWeight · adversarial (Ledig et
 * al. 2017, the reference's loop).
 *
 * With `augment` (DiffAugment or ADA, core's augment/), D sees every image through a transform
 * once the adversarial stage starts: in each D update the HR crops and the SR outputs through a
 * draw each, in G's update the SR outputs through a third. The content loss compares un-augmented
 * images; flipRotate's symmetries of the training crops are data augmentation that G sees too, a
 * separate thing.
 */
export async function trainStep(ctx: TrainContext<SrganConfig>): Promise<StepMetrics> {
  const { config, nets } = ctx;
  scaleLearningRates(ctx.optimizers, config, learningRateFactor(config, ctx.step));
  const { generator, discriminator } = nets;
  const generate = (lr: tf.Tensor4D) => generator.apply(lr, { training: true }) as tf.Tensor4D;
  const gVars = trainableVariables(generator);

  if (ctx.step < config.pretrainSteps) {
    const { hr, lr } = await nextPair(ctx);
    const { value, grads } = tf.variableGrads(() => l2Loss(generate(lr), hr), gVars);
    ctx.optimizers.generator.apply(grads);
    tf.dispose([hr, lr, ...Object.values(grads)]);
    const mse = (await value.data())[0]!;
    value.dispose();
    return { dLoss: 0, gLoss: mse, mse, content: mse, adversarial: 0 };
  }

  const content = await contentNetwork(config);
  const loss = adversarialLosses[config.loss];
  const dVars = trainableVariables(discriminator);
  const discriminate = (images: tf.Tensor4D) => discriminator.apply(images, { training: true }) as tf.Tensor;
  const kept: tf.Scalar[] = [];
  const augment = discriminatorAugment(ctx);
  let dLoss: tf.Scalar | undefined;
  let pair: { hr: tf.Tensor4D; lr: tf.Tensor4D } | undefined;
  for (let i = 0; i < config.dSteps; i++) {
    if (pair) tf.dispose([pair.hr, pair.lr]);
    pair = await nextPair(ctx);
    const { hr, lr } = pair;
    const sr = tf.tidy(() => generate(lr)); // detached: D's update does not reach G
    const last = i === config.dSteps - 1;
    const [realView, fakeView] = [await augment.transform(hr.shape), await augment.transform(sr.shape)];
    const { value, grads } = tf.variableGrads(() => {
      const realLogits = discriminate(realView.apply(hr));
      const fakeLogits = discriminate(fakeView.apply(sr));
      augment.observeReal(realLogits, decisionThreshold(config.loss));
      if (last) kept.push(tf.keep(accuracy(realLogits, true)), tf.keep(accuracy(fakeLogits, false)));
      return loss.d(realLogits, fakeLogits);
    }, dVars);
    ctx.optimizers.discriminator.apply(grads);
    realView.dispose();
    fakeView.dispose();
    tf.dispose([sr, ...Object.values(grads), ...(dLoss ? [dLoss] : [])]);
    dLoss = value;
  }

  const { hr, lr } = pair!;
  const gView = await augment.transform(hr.shape);
  const { value: gLoss, grads } = tf.variableGrads(() => {
    const sr = generate(lr);
    const contentValue = contentLoss(content, sr, hr, config);
    const adversarial = loss.g(discriminate(gView.apply(sr)));
    kept.push(tf.keep(contentValue), tf.keep(adversarial), tf.keep(l2Loss(sr, hr)));
    return tf.add(contentValue, tf.mul(config.adversarialWeight, adversarial)) as tf.Scalar;
  }, gVars);
  ctx.optimizers.generator.apply(grads);
  gView.dispose();
  tf.dispose([hr, lr, ...Object.values(grads)]);

  const values = await Promise.all([dLoss!, gLoss, ...kept].map(async (t) => (await t.data())[0]!));
  tf.dispose([dLoss!, gLoss, ...kept]);
  const [dValue, gValue, accReal, accFake, contentValue, adversarialValue, mse] = values;
  return { dLoss: dValue!, gLoss: gValue!, dAccReal: accReal!, dAccFake: accFake!, content: contentValue!, adversarial: adversarialValue!, mse: mse!, ...(await augment.finish()) };
}
