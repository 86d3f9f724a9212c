/**
 * Adversarial losses as pure functions of discriminator logits: each takes logits and returns a
 * scalar mean, with no model or optimizer inside. `d` losses are minimised by the discriminator,
 * `g` losses by the generator.
 */
import * as tf from '@tensorflow/tfjs';

/** A discriminator loss and the generator loss that goes with it. */
export interface AdversarialLoss {
  /** Minimised by D, from logits on real and generated data. */
  d: (realLogits: tf.Tensor, fakeLogits: tf.Tensor) => tf.Scalar;
  /** Minimised by G, from D's logits on generated data. */
  g: (fakeLogits: tf.Tensor) => tf.Scalar;
}

// ---- minimax and non-saturating (Goodfellow et al. 2014) ----------------------------------------

/** D: -log σ(real) - log(1 - σ(fake)) = softplus(-real) + softplus(fake). */
export const minimaxDiscriminatorLoss = (realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.add<tf.Scalar>(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))));

/** Saturating G of the original minimax game: log(1 - σ(fake)) = -softplus(fake). */
export const minimaxGeneratorLoss = (fakeLogits: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.neg(tf.mean<tf.Scalar>(tf.softplus(fakeLogits))));

/** Non-saturating G: -log σ(fake) = softplus(-fake). */
export const nonSaturatingGeneratorLoss = (fakeLogits: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.mean(tf.softplus(tf.neg(fakeLogits))));

// ---- Wasserstein (Arjovsky et al. 2017; gradient penalty: Gulrajani et al. 2017) ----------------

/** Critic: E[D(fake)] - E[D(real)]. */
export const wassersteinDiscriminatorLoss = (realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.sub(tf.mean(fakeLogits), tf.mean(realLogits)));

/** G: -E[D(fake)]. Also the generator side of the hinge loss. */
export const wassersteinGeneratorLoss = (fakeLogits: tf.Tensor): tf.Scalar => tf.tidy(() => tf.neg(tf.mean<tf.Scalar>(fakeLogits)));

/**
 * Gradient penalty E[(‖∇D(x̂)‖₂ - 1)²] at x̂ = α·real + (1 - α)·fake, α ~ U(0, 1) per example.
 * Not a function of logits alone: it differentiates `critic`, so it takes the critic.
 * @param alpha [N, 1, 1, 1] interpolation weights (seeded by the caller).
 */
export function gradientPenalty(
  critic: (images: tf.Tensor4D) => tf.Tensor,
  real: tf.Tensor4D,
  fake: tf.Tensor4D,
  alpha: tf.Tensor4D,
): tf.Scalar {
  return tf.tidy(() => {
    const mixed = tf.add(tf.mul(alpha, real), tf.mul(tf.sub(1, alpha), fake)) as tf.Tensor4D; // [N, H, W, C]
    const grad = tf.grad((x: tf.Tensor) => tf.sum(critic(x as tf.Tensor4D)))(mixed); // [N, H, W, C]
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(grad), [1, 2, 3]), 1e-12)); // [N]
    return tf.mean(tf.square(tf.sub(norm, 1)));
  });
}

/**
 * R1 penalty (Mescheder et al. 2018) E[‖∇D(x)‖²] on real images; StyleGAN2 (Karras et al. 2020)
 * weights it by γ/2. It differentiates `critic`, so it takes the critic.
 */
export function r1Penalty(critic: (images: tf.Tensor4D) => tf.Tensor, real: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    const grad = tf.grad((x: tf.Tensor) => tf.sum(critic(x as tf.Tensor4D)))(real); // [N, H, W, C]
    return tf.mean(tf.sum(tf.square(grad), [1, 2, 3]));
  });
}

/**
 * The R1 term of a D update, γ/2·R1·interval, and the penalty R1 itself (kept for logging). With
 * `interval` k > 1 it is StyleGAN2's lazy regularization: applied every k-th update, scaled by k
 * (Karras et al. 2020, §3.1). Caller disposes both.
 */
export function r1Regularization(critic: (images: tf.Tensor4D) => tf.Tensor, real: tf.Tensor4D, gamma: number, interval = 1): { term: tf.Scalar; penalty: tf.Scalar } {
  const penalty = r1Penalty(critic, real);
  return { term: tf.mul(penalty, (gamma / 2) * interval), penalty };
}

// ---- hinge (Lim & Ye 2017; Miyato et al. 2018) --------------------------------------------------

/** D: relu(1 - real) + relu(1 + fake). G uses the Wasserstein generator loss. */
export const hingeDiscriminatorLoss = (realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.add<tf.Scalar>(tf.mean(tf.relu(tf.sub(1, realLogits))), tf.mean(tf.relu(tf.add(1, fakeLogits)))));

// ---- least squares (Mao et al. 2017, a = 0, b = c = 1) ------------------------------------------

/** D: ½(real - 1)² + ½ fake². */
export const leastSquaresDiscriminatorLoss = (realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.mul(0.5, tf.add(tf.mean(tf.square(tf.sub(realLogits, 1))), tf.mean(tf.square(fakeLogits)))));

/** G: ½(fake - 1)². */
export const leastSquaresGeneratorLoss = (fakeLogits: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.mul(0.5, tf.mean(tf.square(tf.sub(fakeLogits, 1)))));

// ---- by name -------------------------------------------------------------------------------------

export const adversarialLossNames = ['minimax', 'non-saturating', 'wasserstein', 'hinge', 'least-squares'] as const;
export type AdversarialLossName = (typeof adversarialLossNames)[number];

/** The D and G losses of a named objective. Wasserstein needs `gradientPenalty` added by the caller. */
export const adversarialLosses: Record<AdversarialLossName, AdversarialLoss> = {
  minimax: { d: minimaxDiscriminatorLoss, g: minimaxGeneratorLoss },
  'non-saturating': { d: minimaxDiscriminatorLoss, g: nonSaturatingGeneratorLoss },
  wasserstein: { d: wassersteinDiscriminatorLoss, g: wassersteinGeneratorLoss },
  hinge: { d: hingeDiscriminatorLoss, g: wassersteinGeneratorLoss },
  'least-squares': { d: leastSquaresDiscriminatorLoss, g: leastSquaresGeneratorLoss },
};
