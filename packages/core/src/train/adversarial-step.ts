/**
 * The D-then-G iteration shared by image GANs (pytorch/examples DCGAN, StudioGAN): `dSteps` updates
 * of D on a real batch and a detached fake batch, then one update of G through D on the last of
 * those fake batches. Each update names its variable list explicitly, so one network's optimizer
 * never touches the other's weights.
 *
 * With the config's `augment` set (augment/config.ts), every image D sees goes through DiffAugment
 * or ADA first: reals and fakes in each D update and the fakes of G's update, each with a fresh
 * draw; R1 differentiates D through the reals' transform (stylegan2-ada); the WGAN-GP penalty mixes
 * the augmented reals and fakes. D's accuracies are on the augmented images. ADA runs also return
 * adaP and adaRt.
 *
 * With `modeSeeking` λ > 0 (MSGAN), G's update also draws second codes for the first half of its
 * batch, same classes, and adds λ·modeSeekingLoss of the two halves' images to G's loss (and to the
 * logged gLoss); the half gets its own G pass in training mode.
 *
 * With `topK` ν < 1 (top-k training), G's adversarial term takes only the fakes D rates most real,
 * a share of the batch that shrinks from 1 to ν over training (losses/top-k.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { discriminatorAugment } from '../augment/discriminator-augment.js';
import type { AugmentTransform } from '../augment/transform.js';
import type { AdversarialHyperparameters, ModeSeekingHyperparameters, StepMetrics, TopKHyperparameters, TrainContext, TrainHyperparameters } from '../family/architecture.js';
import { defaultsOf } from '../family/config-fields.js';
import { topKFields } from '../family/training-fields.js';
import { adversarialLosses, gradientPenalty, r1Regularization } from '../losses/adversarial.js';
import { decisionThreshold } from '../metrics/discriminator-accuracy.js';
import { modeSeekingLoss } from '../losses/mode-seeking.js';
import { topKLogits, topKShare } from '../losses/top-k.js';
import { trainableVariables } from '../optim/optimizers.js';
import { rngStreams } from '../random/rng.js';

/** How a family runs its networks; `training` switches batch norm and dropout to training mode. */
export interface AdversarialNetworks {
  /** Images [N, H, W, C] from latent codes and class labels. */
  generate: (latent: tf.Tensor2D, labels: tf.Tensor1D, training: boolean) => tf.Tensor4D;
  /** Logits [N, 1] (or any shape) for images and their labels. */
  discriminate: (images: tf.Tensor4D, labels: tf.Tensor1D, training: boolean) => tf.Tensor;
  /** Length of a latent code. */
  latentDim: number;
  /** Extra generator loss added to the adversarial one, e.g. β·orthogonalRegularization (BigGAN). */
  generatorRegularizer?: () => tf.Scalar;
  /** γ of the R1 penalty γ/2·E[‖∇D(real)‖²] added to every D update (Mescheder et al. 2018); 0 or absent = off. */
  r1Gamma?: number;
  /**
   * G's update draws a fresh fake batch (a second G forward pass) instead of reusing the last D
   * update's. Absent or false: reuse it, as pytorch/examples DCGAN, PyTorch-GAN and the bench
   * references do, one G forward pass per iteration.
   */
  freshGeneratorBatch?: boolean;
  /**
   * Labels that do not fit the real batch (the matching-aware D of Reed et al. 2016, GAN-CLS): each
   * D update also shows D the real images under these labels as fakes, and D's fake term averages
   * over the fakes and the mismatched reals. Absent: off. `i` is the D update's index.
   */
  mismatchedLabels?: (labels: tf.Tensor1D, i: number) => tf.Tensor1D;
}

/** Transforms of what D sees in one D update (drawn before its gradient scope, disposed after). */
interface Views {
  real: AugmentTransform;
  fake: AugmentTransform;
}

/** Share of logits on the right side of zero: D's accuracy with 0 as the decision threshold. */
const accuracy = (logits: tf.Tensor, real: boolean): tf.Scalar =>
  tf.tidy(() => tf.mean(tf.cast(real ? tf.greater(logits, 0) : tf.lessEqual(logits, 0), 'float32')));

export async function adversarialStep<C extends TrainHyperparameters & AdversarialHyperparameters & Partial<ModeSeekingHyperparameters> & Partial<TopKHyperparameters>>(
  ctx: TrainContext<C>,
  nets: AdversarialNetworks,
): Promise<StepMetrics> {
  const { config } = ctx;
  const loss = adversarialLosses[config.loss];
  const dVars = trainableVariables(ctx.nets.discriminator);
  const gVars = trainableVariables(ctx.nets.generator);
  const kept: tf.Tensor[] = [];
  const r1Gamma = nets.r1Gamma ?? 0;
  const augment = discriminatorAugment(ctx);

  const drawViews = async (shape: number[]): Promise<Views> => ({ real: await augment.transform(shape), fake: await augment.transform(shape) });
  const disposeViews = (views: Views) => (views.real.dispose(), views.fake.dispose());

  /** One D update on a real batch and a fake one, each seen through its view; returns D's loss (kept). */
  const updateDiscriminator = (real: tf.Tensor4D, labels: tf.Tensor1D, fake: tf.Tensor4D, i: number, views: Views): tf.Scalar => {
    const n = real.shape[0];
    const alpha = config.loss === 'wasserstein' ? (ctx.uniform([n, 1, 1, 1], rngStreams.penalty, i) as tf.Tensor4D) : undefined;
    const last = i === config.dSteps - 1;
    const mismatched = nets.mismatchedLabels?.(labels, i);
    const { value, grads } = tf.variableGrads(() => {
      const critic = (x: tf.Tensor4D) => nets.discriminate(x, labels, true);
      const realSeen = views.real.apply(real);
      const fakeSeen = views.fake.apply(fake);
      const realLogits = critic(realSeen);
      const fakeLogits = critic(fakeSeen);
      augment.observeReal(realLogits, decisionThreshold(config.loss));
      if (last) kept.push(tf.keep(accuracy(realLogits, true)), tf.keep(accuracy(fakeLogits, false)));
      const judgedFake = mismatched ? tf.concat([fakeLogits, nets.discriminate(realSeen, mismatched, true)]) : fakeLogits;
      let total: tf.Scalar = loss.d(realLogits, judgedFake);
      if (alpha !== undefined) total = tf.add(total, tf.mul(config.gpWeight, gradientPenalty(critic, realSeen, fakeSeen, alpha))) as tf.Scalar;
      if (r1Gamma > 0) total = tf.add(total, r1Regularization((x) => critic(views.real.apply(x)), real, r1Gamma).term) as tf.Scalar;
      return total;
    }, dVars);
    ctx.optimizers.discriminator.apply(grads);
    tf.dispose([...(alpha ? [alpha] : []), ...(mismatched ? [mismatched] : []), ...Object.values(grads)]);
    return tf.keep(value);
  };
  const modeSeeking = config.modeSeeking ?? 0;
  /** λ·L_ms between the first half of `fake` (codes `z`) and images of second codes for the same classes. */
  const modeSeekingTerm = (fake: tf.Tensor4D, z: tf.Tensor2D, labels: tf.Tensor1D, secondCodes: tf.Tensor2D): tf.Scalar => {
    const half = secondCodes.shape[0];
    const second = nets.generate(secondCodes, tf.slice(labels, 0, half), true);
    return tf.mul(modeSeeking, modeSeekingLoss(tf.slice(fake, 0, half), second, tf.slice(z, 0, half), secondCodes)) as tf.Scalar;
  };
  const topK = { ...defaultsOf(topKFields), ...config }; // a family without the fields keeps every fake (topK 1)
  const keptShare = topKShare(ctx.step, topK.topK, topK.topKDecay, topK.topKPeriod);
  const generatorLoss = (fake: tf.Tensor4D, z: tf.Tensor2D, labels: tf.Tensor1D, view: AugmentTransform, secondCodes?: tf.Tensor2D): tf.Scalar => {
    const terms = [loss.g(topKLogits(nets.discriminate(view.apply(fake), labels, true), keptShare))];
    if (nets.generatorRegularizer) terms.push(nets.generatorRegularizer());
    if (secondCodes) terms.push(modeSeekingTerm(fake, z, labels, secondCodes));
    return terms.length === 1 ? terms[0]! : (tf.addN(terms) as tf.Scalar);
  };
  /** MSGAN's second codes for half of a G batch of `n`, when the term is on. */
  const secondCodesFor = (n: number): tf.Tensor2D | undefined =>
    modeSeeking > 0 ? (ctx.normal([Math.max(1, Math.floor(n / 2)), nets.latentDim], rngStreams.modeSeeking) as tf.Tensor2D) : undefined;
  const latent = (n: number, i: number) => ctx.normal([n, nets.latentDim], rngStreams.dNoise, i) as tf.Tensor2D;

  // Fakes are drawn for the classes of the real batch (StudioGAN).
  const dLosses: tf.Scalar[] = [];
  const separateUpdates = config.dSteps - (nets.freshGeneratorBatch ? 0 : 1);
  let lastLabels: tf.Tensor1D | undefined;
  let shapeSeen: number[] | undefined; // of the real batches: what G's fakes look like to D
  for (let i = 0; i < separateUpdates; i++) {
    const { images: real, labels } = ctx.nextBatch();
    shapeSeen = real.shape;
    const fake = tf.tidy(() => nets.generate(latent(real.shape[0], i), labels, true));
    const views = await drawViews(real.shape);
    dLosses.push(updateDiscriminator(real, labels, fake, i, views));
    disposeViews(views);
    tf.dispose([real, fake, ...(lastLabels ? [lastLabels] : [])]);
    lastLabels = labels;
  }

  let gLoss: tf.Scalar;
  let gGrads: tf.NamedTensorMap;
  if (nets.freshGeneratorBatch) {
    const z = ctx.normal([lastLabels!.shape[0], nets.latentDim], rngStreams.gNoise) as tf.Tensor2D;
    const gView = await augment.transform([z.shape[0], ...shapeSeen!.slice(1)]);
    const secondCodes = secondCodesFor(z.shape[0]);
    ({ value: gLoss, grads: gGrads } = tf.variableGrads(() => generatorLoss(nets.generate(z, lastLabels!, true), z, lastLabels!, gView, secondCodes), gVars));
    gView.dispose();
    tf.dispose([z, lastLabels!, ...(secondCodes ? [secondCodes] : [])]);
  } else {
    // One G pass serves the last D update (through the fake's values only: D's variables are the
    // only ones it differentiates) and then G's update through the freshly updated D.
    const { images: real, labels } = ctx.nextBatch();
    const z = latent(real.shape[0], config.dSteps - 1);
    const views = await drawViews(real.shape);
    const gView = await augment.transform(real.shape);
    const secondCodes = secondCodesFor(real.shape[0]);
    ({ value: gLoss, grads: gGrads } = tf.variableGrads(() => {
      const fake = nets.generate(z, labels, true);
      dLosses.push(updateDiscriminator(real, labels, fake, config.dSteps - 1, views));
      return generatorLoss(fake, z, labels, gView, secondCodes);
    }, gVars));
    disposeViews(views);
    gView.dispose();
    tf.dispose([real, labels, z, ...(lastLabels ? [lastLabels] : []), ...(secondCodes ? [secondCodes] : [])]);
  }
  ctx.optimizers.generator.apply(gGrads);
  tf.dispose(Object.values(gGrads));

  const dLoss = dLosses.pop()!;
  tf.dispose(dLosses);
  // One read of the step's four numbers (on a GPU backend, one wait for the queue instead of four).
  const packed = tf.stack([dLoss, gLoss, ...kept]);
  tf.dispose([dLoss, gLoss, ...kept]);
  const [dValue, gValue, realAcc, fakeAcc] = await packed.data();
  packed.dispose();
  return { dLoss: dValue!, gLoss: gValue!, dAccReal: realAcc!, dAccFake: fakeAcc!, ...(await augment.finish()) };
}
