import * as tf from '@tensorflow/tfjs';
import type { StepMetrics, TrainContext } from '@ganforge/core';
import { discriminatorAugment } from '@ganforge/core/augment';
import { adversarialLosses, r1Regularization } from '@ganforge/core/losses';
import { decisionThreshold } from '@ganforge/core/metrics';
import { trainableVariables } from '@ganforge/core/optim';
import { rngStreams } from '@ganforge/core/random';
import { numWs, type StyleganConfig } from './config.js';
import { mapping, synthesize, truncation, type NoiseSource } from './generator.js';

/** RNG streams of this family beside core's: synthesis noise and the style-mixing draw. */
export const styleganStreams = { synthesisNoise: 40, mixing: 41, mixingLatent: 42 } as const;

/**
 * Latents, w's and noise of one generator pass: z [N, latentDim] seeded by (stream, index), one w
 * per layer with style mixing (with probability styleMixingProb, layers from a random cutoff on
 * take the w of a second z; StyleGAN2's per-batch cutoff in [1, numWs)), and seeded noise.
 */
async function drawStyles(ctx: TrainContext<StyleganConfig>, batch: number, stream: number, index: number) {
  const { config } = ctx;
  const count = numWs(config.imageSize);
  const draw = ctx.uniform([2], styleganStreams.mixing, index);
  const [coin, position] = Array.from(await draw.data());
  draw.dispose();
  const cutoff = coin! < config.styleMixingProb ? 1 + Math.floor(position! * (count - 1)) : count;
  const z = ctx.normal([batch, config.latentDim], stream, index) as tf.Tensor2D;
  const z2 = cutoff < count ? (ctx.normal([batch, config.latentDim], styleganStreams.mixingLatent, index) as tf.Tensor2D) : undefined;
  const noise: NoiseSource = (layer, shape) => ctx.normal(shape, styleganStreams.synthesisNoise, index * 1000 + layer);
  return { z, z2, cutoff, noise, dispose: () => tf.dispose([z, ...(z2 ? [z2] : [])]) };
}

/** w [N, wDim] of z and the per-layer list with the mixing cutoff applied. Caller disposes w; the list holds w and w2. */
function stylesOf(ctx: TrainContext<StyleganConfig>, styles: Awaited<ReturnType<typeof drawStyles>>): { w: tf.Tensor2D; ws: tf.Tensor2D[] } {
  const { generator } = ctx.nets;
  const w = mapping(generator, ctx.config, styles.z);
  const w2 = styles.z2 ? mapping(generator, ctx.config, styles.z2) : w;
  const ws = Array.from({ length: numWs(ctx.config.imageSize) }, (_, i) => (i < styles.cutoff ? w : w2));
  return { w, ws };
}

/**
 * One StyleGAN2 iteration in the reference script's order: G on fresh z (non-saturating
 * softplus(-D(G(z)))), updating the tracked mean w; `dSteps` D updates on a real batch and a fresh
 * fake batch (softplus(D(fake)) + softplus(-D(real))); and on every r1Every-th step a lazy R1 update
 * r1Every·γ/2·E‖∇D(real)‖² on the same real batch. Noise and mixing are seeded by the step.
 *
 * With `augment` (DiffAugment or ADA, core's augment/), D sees every image through a transform, as
 * stylegan2-ada-pytorch's loss runs D: G's fakes through one draw, and in each D update the reals
 * and the fakes through a draw each; the lazy R1 differentiates D through the reals' draw of the
 * last D update (stylegan2-ada: the gradient is taken at the un-augmented reals).
 */
export async function trainStep(ctx: TrainContext<StyleganConfig>): Promise<StepMetrics> {
  const { config, nets } = ctx;
  const { generator, discriminator } = nets;
  const loss = adversarialLosses[config.loss];
  const critic = (images: tf.Tensor4D) => discriminator.apply(images, { training: true }) as tf.Tensor;
  const batch = config.batchSize;
  const augment = discriminatorAugment(ctx);

  // ---- G: softplus(-D(G(z))) ----
  const gStyles = await drawStyles(ctx, batch, rngStreams.gNoise, 0);
  const gView = await augment.transform([batch, config.imageSize, config.imageSize, config.channels]);
  let wMean: tf.Tensor1D | undefined;
  const g = tf.variableGrads(() => {
    const { w, ws } = stylesOf(ctx, gStyles);
    wMean = tf.keep(tf.mean(w, 0) as tf.Tensor1D);
    return loss.g(critic(gView.apply(synthesize(generator, ws, gStyles.noise))));
  }, trainableVariables(generator));
  ctx.optimizers.generator.apply(g.grads);
  truncation(generator).track(wMean!, config.wAvgBeta);
  tf.dispose([wMean!, ...Object.values(g.grads)]);
  gView.dispose();
  gStyles.dispose();

  // ---- D: softplus(D(fake)) + softplus(-D(real)); lazy R1 ----
  let dLoss: tf.Scalar | undefined;
  let r1: tf.Scalar | undefined;
  const kept: tf.Tensor[] = [];
  for (let i = 0; i < config.dSteps; i++) {
    const { images: real, labels, source } = ctx.nextBatch();
    tf.dispose([labels, ...(source ? [source] : [])]);
    const dStyles = await drawStyles(ctx, real.shape[0], rngStreams.dNoise, i + 1);
    const fake = tf.tidy(() => synthesize(generator, stylesOf(ctx, dStyles).ws, dStyles.noise)); // no G gradients
    dStyles.dispose();
    const last = i === config.dSteps - 1;
    const realView = await augment.transform(real.shape);
    const fakeView = await augment.transform(real.shape);
    const d = tf.variableGrads(() => {
      const realLogits = critic(realView.apply(real));
      const fakeLogits = critic(fakeView.apply(fake));
      augment.observeReal(realLogits, decisionThreshold(config.loss));
      if (last) kept.push(tf.keep(tf.mean(tf.cast(tf.greater(realLogits, 0), 'float32'))), tf.keep(tf.mean(tf.cast(tf.lessEqual(fakeLogits, 0), 'float32'))));
      return loss.d(realLogits, fakeLogits);
    }, trainableVariables(discriminator));
    ctx.optimizers.discriminator.apply(d.grads);
    tf.dispose([fake, ...Object.values(d.grads), ...(dLoss ? [dLoss] : [])]);
    dLoss = d.value;
    if (last && ctx.step % config.r1Every === 0 && config.r1Gamma > 0) {
      const reg = tf.variableGrads(() => {
        const { term, penalty } = r1Regularization((x) => critic(realView.apply(x)), real, config.r1Gamma, config.r1Every);
        r1 = tf.keep(penalty);
        return term;
      }, trainableVariables(discriminator));
      ctx.optimizers.discriminator.apply(reg.grads);
      tf.dispose([reg.value, ...Object.values(reg.grads)]);
    }
    realView.dispose();
    fakeView.dispose();
    real.dispose();
  }

  const read = async (t: tf.Tensor) => (await t.data())[0]!;
  const [gValue, dValue, accReal, accFake] = await Promise.all([g.value, dLoss!, ...kept].map(read));
  const r1Value = r1 === undefined ? undefined : await read(r1);
  tf.dispose([g.value, dLoss!, ...kept, ...(r1 ? [r1] : [])]);
  return { dLoss: dValue!, gLoss: gValue!, dAccReal: accReal!, dAccFake: accFake!, ...(r1Value === undefined ? {} : { r1: r1Value }), ...(await augment.finish()) };
}
