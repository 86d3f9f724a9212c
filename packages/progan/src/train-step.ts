import * as tf from '@tensorflow/tfjs';
import type { StepMetrics, TrainContext } from '@ganforge/core';
import { discriminatorAugment } from '@ganforge/core/augment';
import { upsample2d } from '@ganforge/core/layers';
import { adversarialLosses, gradientPenalty } from '@ganforge/core/losses';
import { decisionThreshold } from '@ganforge/core/metrics';
import { trainableVariables } from '@ganforge/core/optim';
import { rngStreams } from '@ganforge/core/random';
import { progressAt, type ProganConfig, type Progress } from './config.js';
import { criticize, setDiscriminatorLevel } from './discriminator.js';
import { setGeneratorLevel, synthesize } from './generator.js';

/**
 * Real images for a step at the schedule's resolution: enough loader batches for the resolution's
 * batch size (sliced to it), box-downscaled to r x r, and during a fade-in blended like G's output,
 * lerp(up(down(x)), x, alpha) (the reference code's transition of the reals). Caller disposes.
 */
function realImages(ctx: TrainContext<ProganConfig>, progress: Progress): tf.Tensor4D {
  const parts: tf.Tensor4D[] = [];
  for (let have = 0; have < progress.batch; ) {
    const { images, labels, source } = ctx.nextBatch();
    tf.dispose([labels, ...(source ? [source] : [])]);
    parts.push(images);
    have += images.shape[0];
  }
  const real = tf.tidy(() => {
    let x = parts.length === 1 ? parts[0]! : tf.concat(parts); // [≥b, S, S, C]
    if (x.shape[0] > progress.batch) x = tf.slice(x, 0, progress.batch);
    const factor = x.shape[1] / progress.resolution;
    if (factor > 1) x = tf.avgPool(x, factor, factor, 'valid'); // [b, r, r, C]
    if (!progress.fading) return x === parts[0] ? tf.clone(x) : x;
    const coarse = upsample2d(tf.avgPool(x, 2, 2, 'valid'), 2);
    return tf.add(tf.mul(coarse, 1 - progress.alpha), tf.mul(x, progress.alpha)) as tf.Tensor4D;
  });
  tf.dispose(parts);
  return real;
}

/**
 * One ProGAN iteration (the reference loop): `dSteps` critic updates on fresh z with the fakes
 * detached, WGAN-GP (λ·E[(‖∇D(x̂)‖ - 1)²] at x̂ = lerp(fake, real, ε)) plus the drift ε_drift·E[D(x)²],
 * then one G update on fresh z. Both networks run only up to the step's resolution, with the newest
 * block faded in by alpha; both graphs' blends are set to the same level, so samples and
 * checkpoints show the resolution being trained. Metrics carry phase, resolution and alpha.
 *
 * With `augment` (DiffAugment or ADA, core's augment/), D sees every image through a transform at
 * the step's resolution: in each critic update the reals and the fakes through a draw each (the
 * gradient penalty mixes the augmented images, as core's adversarialStep), G's fakes through a
 * third. ADA's r_t is E[sign(D(real) - t)] on the augmented reals with t the mean score of the
 * update's fakes (a Wasserstein critic's scores have no fixed zero; other losses: their decision
 * threshold).
 */
export async function trainStep(ctx: TrainContext<ProganConfig>): Promise<StepMetrics> {
  const { config, nets } = ctx;
  const progress = progressAt(config, ctx.step);
  const { level, alpha, batch } = progress;
  setGeneratorLevel(nets.generator, progress.lod);
  setDiscriminatorLevel(nets.discriminator, progress.lod);
  const loss = adversarialLosses[config.loss];
  const wasserstein = config.loss === 'wasserstein';
  const generate = (z: tf.Tensor2D) => synthesize(nets.generator, z, level, alpha);
  const critic = (images: tf.Tensor4D) => criticize(nets.discriminator, images, level, alpha);
  const dVars = trainableVariables(nets.discriminator);
  const gVars = trainableVariables(nets.generator);
  const augment = discriminatorAugment(ctx);

  let kept: tf.Tensor[] = [];
  for (let i = 0; i < config.dSteps; i++) {
    const real = realImages(ctx, progress);
    const z = ctx.normal([batch, config.latentDim], rngStreams.dNoise, i) as tf.Tensor2D;
    const fake = generate(z); // detached: computed outside the gradient tape
    const epsilon = wasserstein ? (ctx.uniform([batch, 1, 1, 1], rngStreams.penalty, i) as tf.Tensor4D) : undefined;
    tf.dispose(kept);
    kept = [];
    const realView = await augment.transform(real.shape);
    const fakeView = await augment.transform(real.shape);
    const { value, grads } = tf.variableGrads(() => {
      const realSeen = realView.apply(real);
      const fakeSeen = fakeView.apply(fake);
      const realScores = critic(realSeen); // [b, 1]
      const fakeScores = critic(fakeSeen);
      // r_t: a critic's scores have no fixed zero, so reals count as judged real above the fakes' mean.
      augment.observeReal(realScores, wasserstein ? tf.mean<tf.Scalar>(fakeScores) : decisionThreshold(config.loss));
      kept.push(tf.keep(tf.mean(realScores)), tf.keep(tf.mean(fakeScores)));
      const adversarial = loss.d(realScores, fakeScores);
      if (epsilon === undefined) return adversarial;
      const penalty = gradientPenalty(critic, realSeen, fakeSeen, epsilon);
      const drift = tf.mean(tf.square(realScores));
      kept.push(tf.keep(penalty));
      return tf.addN([adversarial, tf.mul(config.gpWeight, penalty), tf.mul(config.driftWeight, drift)]) as tf.Scalar;
    }, dVars);
    ctx.optimizers.discriminator.apply(grads);
    kept.push(value);
    realView.dispose();
    fakeView.dispose();
    tf.dispose([real, z, fake, ...(epsilon ? [epsilon] : []), ...Object.values(grads)]);
  }

  const z = ctx.normal([batch, config.latentDim], rngStreams.gNoise) as tf.Tensor2D;
  const gView = await augment.transform([batch, progress.resolution, progress.resolution, config.channels]);
  const { value: gLoss, grads } = tf.variableGrads(() => loss.g(critic(gView.apply(generate(z)))), gVars);
  ctx.optimizers.generator.apply(grads);
  gView.dispose();
  tf.dispose([z, ...Object.values(grads)]);

  const read = async (t: tf.Tensor) => (await t.data())[0]!;
  const [realMean, fakeMean, ...rest] = await Promise.all(kept.map(read));
  const gValue = await read(gLoss);
  tf.dispose([...kept, gLoss]);
  const dLoss = rest.at(-1)!;
  return {
    dLoss,
    gLoss: gValue,
    ...(wasserstein ? { gp: rest[0]!, wDistance: realMean! - fakeMean! } : {}),
    dReal: realMean!,
    dFake: fakeMean!,
    phase: progress.phase,
    resolution: progress.resolution,
    alpha,
    imagesSeen: progress.imagesSeen + batch,
    ...(await augment.finish()),
  };
}
