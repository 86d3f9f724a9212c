import * as tf from '@tensorflow/tfjs';
import type { StepMetrics, TrainContext } from '@ganforge/core';
import { discriminatorAugment, type AugmentTransform } from '@ganforge/core/augment';
import { randomJitter } from '@ganforge/core/data';
import { ganCriterion, l1Loss, translationDiscriminatorLoss } from '@ganforge/core/losses';
import { decisionThreshold } from '@ganforge/core/metrics';
import { applyLinearDecay, trainableVariables } from '@ganforge/core/optim';
import { rngStreams } from '@ganforge/core/random';
import type { Pix2pixConfig } from './config.js';

/** Share of patch logits on the right side of the loss's decision threshold: D's accuracy. */
const accuracy = (logits: tf.Tensor, real: boolean, threshold: number): tf.Scalar =>
  tf.tidy(() => tf.mean(tf.cast(real ? tf.greater(logits, threshold) : tf.lessEqual(logits, threshold), 'float32')));

/**
 * A real pair from the loader, jittered and mirrored alike (input and target concatenated on
 * channels, so both get the same crop and flip), with noise seeded by the step.
 * @returns [input A, target B], each [N, S, S, C]. Caller disposes.
 */
async function nextPair(ctx: TrainContext<Pix2pixConfig>): Promise<[tf.Tensor4D, tf.Tensor4D]> {
  const { images, labels, source } = ctx.nextBatch();
  if (source === undefined) throw new Error('pix2pix trains on paired data: the batch has no source images');
  const { loadScale, flip, channels } = ctx.config;
  const both = tf.concat([source, images], 3); // [N, S, S, 2C]
  const noise = ctx.uniform([images.shape[0], 3], rngStreams.augment) as tf.Tensor2D;
  const jittered = await randomJitter(both, noise, { loadScale, flip });
  const [a, b] = tf.split(jittered, [channels, channels], 3) as [tf.Tensor4D, tf.Tensor4D];
  tf.dispose([images, labels, source, both, noise, jittered]);
  return [a, b];
}

/**
 * One pix2pix iteration, as junyanz's pix2pix_model.optimize_parameters: G translates the input
 * once; D takes one step on [A, G(A)] (detached) against [A, B]; then G takes one step on the
 * updated D's verdict on the same G(A) plus λ‖G(A) - B‖₁.
 *
 * Both updates share G's forward pass: the D update runs inside the recording of G's gradient, and
 * since D's new weights are assigned (not computed ops), nothing of it reaches G's loss except
 * through D's updated weights, exactly as in the reference. Dropout masks and batch-norm statistics
 * are therefore drawn once per step.
 *
 * With `augment` (DiffAugment or ADA, core's augment/), D sees each pair through a transform: the
 * input and its target (real or generated) concatenated on the channels, [N, H, W, 2C], so both
 * images of a pair move and are coloured alike (the colour groups act on each RGB image with the
 * same draw). The real pairs, the fake pairs of D's update and the fake pairs of G's adversarial
 * term get separate draws; the L1 term compares G's un-augmented output with the target.
 */
export async function trainStep(ctx: TrainContext<Pix2pixConfig>): Promise<StepMetrics> {
  const { config } = ctx;
  const { generator, discriminator } = ctx.nets;
  const lrFactor = applyLinearDecay(ctx.optimizers, config, ctx.step);
  const [realA, realB] = await nextPair(ctx);
  const dVars = trainableVariables(discriminator);
  const gVars = trainableVariables(generator);
  // D judges a pair [A | B] on channels, [N, S, S, 2C], seen through a view.
  const discriminate = (a: tf.Tensor4D, b: tf.Tensor4D, view: AugmentTransform) =>
    discriminator.apply(view.apply(tf.concat([a, b], 3)), { training: true }) as tf.Tensor;
  const kept: tf.Scalar[] = [];
  const threshold = decisionThreshold(config.loss);
  const augment = discriminatorAugment(ctx);
  const pairShape = [realA.shape[0], realA.shape[1], realA.shape[2], 2 * config.channels];
  const realView = await augment.transform(pairShape);
  const fakeView = await augment.transform(pairShape);
  const gView = await augment.transform(pairShape);

  const { value: gLoss, grads: gGrads } = tf.variableGrads(() => {
    const fakeB = generator.apply(realA, { training: true }) as tf.Tensor4D; // [N, S, S, C]
    // D: ½(criterion(D(A, G(A)), fake) + criterion(D(A, B), real)), over D's variables only.
    const { value: dLoss, grads: dGrads } = tf.variableGrads(() => {
      const fakeLogits = discriminate(realA, fakeB, fakeView); // [N, S', S', 1]
      const realLogits = discriminate(realA, realB, realView);
      augment.observeReal(realLogits, threshold);
      kept.push(tf.keep(accuracy(realLogits, true, threshold)), tf.keep(accuracy(fakeLogits, false, threshold)));
      return translationDiscriminatorLoss(config.loss as 'non-saturating' | 'least-squares', realLogits, fakeLogits);
    }, dVars);
    ctx.optimizers.discriminator.apply(dGrads);
    tf.dispose(Object.values(dGrads));
    kept.push(tf.keep(dLoss));
    // G: criterion(D'(A, G(A)), real) + λ‖G(A) - B‖₁ against the updated D'.
    const adversarial = ganCriterion(config.loss as 'non-saturating' | 'least-squares', discriminate(realA, fakeB, gView), true);
    const l1 = l1Loss(fakeB, realB);
    kept.push(tf.keep(adversarial), tf.keep(l1));
    return tf.add(adversarial, tf.mul(config.lambdaL1, l1)) as tf.Scalar;
  }, gVars);
  ctx.optimizers.generator.apply(gGrads);
  [realView, fakeView, gView].forEach((view) => view.dispose());
  tf.dispose([realA, realB, ...Object.values(gGrads)]);

  const [dAccReal, dAccFake, dLoss, gGan, gL1, gTotal] = await Promise.all([...kept, gLoss].map(async (t) => (await t.data())[0]!));
  tf.dispose([...kept, gLoss]);
  return { dLoss: dLoss!, gLoss: gTotal!, gGan: gGan!, gL1: gL1!, dAccReal: dAccReal!, dAccFake: dAccFake!, lrFactor, ...(await augment.finish()) };
}
