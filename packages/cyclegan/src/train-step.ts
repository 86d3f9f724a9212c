import * as tf from '@tensorflow/tfjs';
import type { StepMetrics, TrainContext } from '@ganforge/core';
import { discriminatorAugment, type AugmentTransform } from '@ganforge/core/augment';
import { randomJitter } from '@ganforge/core/data';
import { ganCriterion, l1Loss, translationDiscriminatorLoss, type TranslationGanLoss } from '@ganforge/core/losses';
import { decisionThreshold } from '@ganforge/core/metrics';
import { applyLinearDecay, trainableVariables } from '@ganforge/core/optim';
import { rngStreams } from '@ganforge/core/random';
import type { CycleganConfig } from './config.js';
import { poolNetworkName, queryPool } from './history-pool.js';

/** Indices that keep the step's augment draws apart: jitter of A and B, pool swaps for B's and A's fakes. */
const noiseIndex = { jitterA: 0, jitterB: 1, poolB: 2, poolA: 3 } as const;

/** A real batch of each domain, jittered and mirrored independently (seeded by the step). Caller disposes. */
async function nextBatches(ctx: TrainContext<CycleganConfig>): Promise<[tf.Tensor4D, tf.Tensor4D]> {
  const { images, labels, source } = ctx.nextBatch();
  if (source === undefined) throw new Error('cyclegan trains on two domains: the batch has no source (domain A) images');
  const { loadScale, flip } = ctx.config;
  const jitter = async (x: tf.Tensor4D, index: number) => {
    const noise = ctx.uniform([x.shape[0], 3], rngStreams.augment, index) as tf.Tensor2D;
    const out = await randomJitter(x, noise, { loadScale, flip });
    noise.dispose();
    return out;
  };
  const result: [tf.Tensor4D, tf.Tensor4D] = [await jitter(source, noiseIndex.jitterA), await jitter(images, noiseIndex.jitterB)];
  tf.dispose([images, labels, source]);
  return result;
}

/**
 * One CycleGAN iteration, as junyanz's cycle_gan_model.optimize_parameters: G (A -> B) and F (B -> A)
 * translate and reconstruct both batches; one Adam step on both generators, with both
 * discriminators fixed, of
 *   LSGAN(D_B(G(A)), real) + LSGAN(D_A(F(B)), real) + λ(‖F(G(A)) - A‖₁ + ‖G(F(B)) - B‖₁)
 *   + λ·λ_id(‖G(B) - B‖₁ + ‖F(A) - A‖₁);
 * then one Adam step on both discriminators, each on its real domain against fakes drawn from its
 * history pool: ½(LSGAN(D(real), real) + LSGAN(D(pool(fake)), fake)).
 * Networks: `generator` G, `generatorBA` F, `discriminator` D_B (judges B), `discriminatorA` D_A.
 *
 * With `augment` (DiffAugment or ADA, core's augment/), each discriminator sees every image through
 * a transform: in the generators' update G(A) and F(B) through a draw each; in the discriminators'
 * update the reals and the pooled fakes of each domain through a draw each (four). The pools store
 * the un-augmented fakes; the cycle and identity terms compare un-augmented images. ADA keeps one p
 * for both discriminators, from r_t over the reals of both domains.
 */
export async function trainStep(ctx: TrainContext<CycleganConfig>): Promise<StepMetrics> {
  const { config, nets } = ctx;
  const { generator, generatorBA, discriminator, discriminatorA } = nets;
  if (!generatorBA || !discriminatorA) throw new Error('cyclegan needs the networks generatorBA and discriminatorA');
  const loss = config.loss as TranslationGanLoss;
  const lrFactor = applyLinearDecay(ctx.optimizers, config, ctx.step);
  const [realA, realB] = await nextBatches(ctx);
  const gVars = [...trainableVariables(generator), ...trainableVariables(generatorBA)];
  const dVars = [...trainableVariables(discriminator), ...trainableVariables(discriminatorA)];
  const run = (net: tf.LayersModel, x: tf.Tensor4D) => net.apply(x, { training: true }) as tf.Tensor4D;
  const lambdaIdentity = config.lambdaCycle * config.lambdaIdentity;
  const augment = discriminatorAugment(ctx);
  const threshold = decisionThreshold(loss);

  // ---- generators, discriminators fixed ----
  let fakeA: tf.Tensor4D | undefined;
  let fakeB: tf.Tensor4D | undefined;
  const terms: tf.Scalar[] = [];
  const n = realA.shape[0];
  const [gViewB, gViewA] = [await augment.transform(realB.shape), await augment.transform(realA.shape)];
  const { value: gLoss, grads: gGrads } = tf.variableGrads(() => {
    // Each generator runs on A and B in one batch when the identity terms need both: instance
    // norm is per image, so this is the same as two passes, with fewer kernel launches.
    const both = lambdaIdentity > 0;
    const gOut = run(generator, both ? tf.concat([realA, realB], 0) : realA); // [G(A); G(B)]
    const fOut = run(generatorBA, both ? tf.concat([realB, realA], 0) : realB); // [F(B); F(A)]
    const fB = both ? (tf.slice(gOut, 0, n) as tf.Tensor4D) : gOut; // G(A) [N, S, S, C]
    const fA = both ? (tf.slice(fOut, 0, n) as tf.Tensor4D) : fOut; // F(B)
    fakeB = tf.keep(fB);
    fakeA = tf.keep(fA);
    const gan = tf.add(ganCriterion(loss, run(discriminator, gViewB.apply(fB)), true), ganCriterion(loss, run(discriminatorA, gViewA.apply(fA)), true));
    const cycle = tf.add(l1Loss(run(generatorBA, fB), realA), l1Loss(run(generator, fA), realB)); // ‖F(G(A)) - A‖₁ + ‖G(F(B)) - B‖₁
    let total = tf.add(gan, tf.mul(config.lambdaCycle, cycle));
    let identity: tf.Tensor = tf.scalar(0);
    if (both) {
      identity = tf.add(l1Loss(tf.slice(gOut, n, n), realB), l1Loss(tf.slice(fOut, n, n), realA)); // ‖G(B) - B‖₁ + ‖F(A) - A‖₁
      total = tf.add(total, tf.mul(lambdaIdentity, identity));
    }
    terms.push(tf.keep(gan as tf.Scalar), tf.keep(cycle as tf.Scalar), tf.keep(identity as tf.Scalar));
    return total as tf.Scalar;
  }, gVars);
  ctx.optimizers.generator.apply(gGrads);
  tf.dispose(Object.values(gGrads));
  gViewB.dispose();
  gViewA.dispose();

  // ---- discriminators, on fakes from their history pools ----
  const pool = nets[poolNetworkName];
  const fromPool = async (name: 'fakeA' | 'fakeB', fakes: tf.Tensor4D, index: number) => {
    if (!pool || config.poolSize === 0) return tf.clone(fakes);
    const noise = ctx.uniform([fakes.shape[0], 2], rngStreams.augment, index) as tf.Tensor2D;
    const pooled = await queryPool(pool, name, fakes, noise);
    noise.dispose();
    return pooled;
  };
  const pooledB = await fromPool('fakeB', fakeB!, noiseIndex.poolB);
  const pooledA = await fromPool('fakeA', fakeA!, noiseIndex.poolA);
  const accuracy: tf.Scalar[] = [];
  const views: AugmentTransform[] = [];
  for (const shape of [realB.shape, pooledB.shape, realA.shape, pooledA.shape]) views.push(await augment.transform(shape));
  const [realViewB, fakeViewB, realViewA, fakeViewA] = views as [AugmentTransform, AugmentTransform, AugmentTransform, AugmentTransform];
  const { value: dLoss, grads: dGrads } = tf.variableGrads(() => {
    // Real and pooled fakes in one batch per D (instance norm is per image: the same as two passes).
    const logitsB = run(discriminator, tf.concat([realViewB.apply(realB), fakeViewB.apply(pooledB)], 0));
    const logitsA = run(discriminatorA, tf.concat([realViewA.apply(realA), fakeViewA.apply(pooledA)], 0));
    const [realLogitsB, fakeLogitsB] = [tf.slice(logitsB, 0, n), tf.slice(logitsB, n, n)];
    const [realLogitsA, fakeLogitsA] = [tf.slice(logitsA, 0, n), tf.slice(logitsA, n, n)];
    augment.observeReal(realLogitsB, threshold);
    augment.observeReal(realLogitsA, threshold);
    accuracy.push(
      tf.keep(tf.mean(tf.cast(tf.greater(tf.concat([realLogitsB, realLogitsA], 0), threshold), 'float32')) as tf.Scalar),
      tf.keep(tf.mean(tf.cast(tf.lessEqual(tf.concat([fakeLogitsB, fakeLogitsA], 0), threshold), 'float32')) as tf.Scalar),
    );
    return tf.add(translationDiscriminatorLoss(loss, realLogitsB, fakeLogitsB), translationDiscriminatorLoss(loss, realLogitsA, fakeLogitsA)) as tf.Scalar;
  }, dVars);
  ctx.optimizers.discriminator.apply(dGrads);
  views.forEach((view) => view.dispose());
  tf.dispose([realA, realB, fakeA!, fakeB!, pooledA, pooledB, ...Object.values(dGrads)]);

  const values = await Promise.all([dLoss, gLoss, ...terms, ...accuracy].map(async (t) => (await t.data())[0]!));
  tf.dispose([dLoss, gLoss, ...terms, ...accuracy]);
  const [d, g, gGan, gCycle, gIdentity, dAccReal, dAccFake] = values as [number, number, number, number, number, number, number];
  return { dLoss: d, gLoss: g, gGan, gCycle, gIdentity, dAccReal, dAccFake, lrFactor, ...(await augment.finish()) };
}
