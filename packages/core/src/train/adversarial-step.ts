/**
 * The D-then-G iteration shared by image GANs (pytorch/examples DCGAN, StudioGAN): `dSteps` updates
 * of D on a real batch and a detached fake batch, then one update of G through D. Each update names
 * its variable list explicitly, so one network's optimizer never touches the other's weights.
 */
import * as tf from '@tensorflow/tfjs';
import { adversarialLosses, gradientPenalty, r1Penalty } from '../losses/adversarial.js';
import { trainableVariables } from './adam.js';
import type { StepMetrics, TrainContext, TrainHyperparameters } from './architecture.js';
import { rngStreams } from './rng.js';

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
}

/** Share of logits on the right side of zero: D's accuracy with 0 as the decision threshold. */
const accuracy = (logits: tf.Tensor, real: boolean): tf.Scalar =>
  tf.tidy(() => tf.mean(tf.cast(real ? tf.greater(logits, 0) : tf.lessEqual(logits, 0), 'float32')));

export async function adversarialStep<C extends TrainHyperparameters>(
  ctx: TrainContext<C>,
  nets: AdversarialNetworks,
): Promise<StepMetrics> {
  const { config } = ctx;
  const loss = adversarialLosses[config.loss];
  const dVars = trainableVariables(ctx.nets.discriminator);
  const gVars = trainableVariables(ctx.nets.generator);
  const kept: tf.Tensor[] = [];
  const r1Gamma = nets.r1Gamma ?? 0;

  let dLoss: tf.Scalar | undefined;
  // Fakes are drawn for the classes of the real batch (StudioGAN); G's update reuses the last ones.
  let lastLabels: tf.Tensor1D | undefined;
  for (let i = 0; i < config.dSteps; i++) {
    const { images: real, labels } = ctx.nextBatch();
    const n = real.shape[0];
    const fake = tf.tidy(() => nets.generate(ctx.normal([n, nets.latentDim], rngStreams.dNoise, i) as tf.Tensor2D, labels, true));
    const alpha = config.loss === 'wasserstein' ? (ctx.uniform([n, 1, 1, 1], rngStreams.penalty, i) as tf.Tensor4D) : undefined;
    const last = i === config.dSteps - 1;
    const { value, grads } = tf.variableGrads(() => {
      const realLogits = nets.discriminate(real, labels, true);
      const fakeLogits = nets.discriminate(fake, labels, true);
      if (last) kept.push(tf.keep(accuracy(realLogits, true)), tf.keep(accuracy(fakeLogits, false)));
      const critic = (x: tf.Tensor4D) => nets.discriminate(x, labels, true);
      let total: tf.Scalar = loss.d(realLogits, fakeLogits);
      if (alpha !== undefined) total = tf.add(total, tf.mul(config.gpWeight, gradientPenalty(critic, real, fake, alpha))) as tf.Scalar;
      if (r1Gamma > 0) total = tf.add(total, tf.mul(r1Gamma / 2, r1Penalty(critic, real))) as tf.Scalar;
      return total;
    }, dVars);
    ctx.optimizers.discriminator.apply(grads);
    tf.dispose([real, fake, ...(alpha ? [alpha] : []), ...Object.values(grads), ...(dLoss ? [dLoss] : []), ...(lastLabels ? [lastLabels] : [])]);
    dLoss = value;
    lastLabels = labels;
  }

  const gLabels = lastLabels!;
  const z = ctx.normal([gLabels.shape[0], nets.latentDim], rngStreams.gNoise) as tf.Tensor2D;
  const { value: gLoss, grads } = tf.variableGrads(
    () => {
      const adversarial = loss.g(nets.discriminate(nets.generate(z, gLabels, true), gLabels, true));
      return nets.generatorRegularizer ? (tf.add(adversarial, nets.generatorRegularizer()) as tf.Scalar) : adversarial;
    },
    gVars,
  );
  ctx.optimizers.generator.apply(grads);
  tf.dispose([z, gLabels, ...Object.values(grads)]);

  const [dValue, gValue, realAcc, fakeAcc] = await Promise.all([dLoss!, gLoss, ...kept].map(async (t) => (await t.data())[0]!));
  tf.dispose([dLoss!, gLoss, ...kept]);
  return { dLoss: dValue!, gLoss: gValue!, dAccReal: realAcc!, dAccFake: fakeAcc! };
}
