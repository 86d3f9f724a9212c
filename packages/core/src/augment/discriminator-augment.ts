/**
 * The one call a train step makes to augment what D sees (DiffAugment or ADA, from the config's
 * AugmentConfig fields): both papers augment every image D sees, real and fake, in the D update and
 * in the G update (G's gradient flows back through the augmentation), each batch with a fresh draw.
 *
 *   const augment = discriminatorAugment(ctx);           // once per step
 *   // before a D update (drawing is async: parameters are read back and maps built in JS):
 *   const realView = await augment.transform(real.shape); // one draw for the reals
 *   const fakeView = await augment.transform(real.shape); // another for the fakes
 *   // inside its gradient scope:
 *   const realLogits = D(realView.apply(real));
 *   const fakeLogits = D(fakeView.apply(fake));
 *   augment.observeReal(realLogits);                     // ADA's r_t
 *   r1Penalty((x) => D(realView.apply(x)), real);        // R1 through the same transform (stylegan2-ada)
 *   // after it: realView.dispose(); fakeView.dispose()
 *   // G update: D(gView.apply(G(z))) with a third draw
 *   const metrics = { ...losses, ...(await augment.finish()) }; // adaP, adaRt for ADA runs
 *
 * Which images share a draw: those in one tensor passed to one transform's `apply`, per image.
 * pix2pix's D sees the input concatenated with the real or fake target on the channel axis, so the
 * pair gets one transform (the colour groups apply per 3 channels, see colorGroupSize); CycleGAN's
 * two discriminators see unpaired images, one draw per batch each; SRGAN's D sees high-resolution
 * reals and super-resolved fakes, separate draws.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainContext } from '../family/architecture.js';
import { adaTransform } from './ada.js';
import { adaRt, adjustAda, initialAdaState, recordRealSigns, type AdaState } from './ada-controller.js';
import { augmentSettings, usesAda, type AugmentSettings } from './config.js';
import { diffAugmentTransform } from './diffaugment.js';
import { stepRandom } from './random.js';
import { identityTransform, type AugmentTransform } from './transform.js';

export interface DiscriminatorAugment {
  readonly settings: AugmentSettings;
  /**
   * Draws the transform of one batch of `shape` [N, H, W, C] from the step's seeded stream (draws
   * are numbered in call order: await each before the next). The identity when augment is 'none'
   * or ADA's p is 0. Caller disposes.
   */
  transform: (shape: number[]) => Promise<AugmentTransform>;
  /**
   * ADA: adds sign(D(real) - threshold) of one D update to r_t's window (call with the logits of
   * the augmented reals; `threshold` is the loss's decision threshold, 0 by default, 0.5 for least
   * squares, see metrics' decisionThreshold; a Wasserstein critic, whose scores have no fixed zero,
   * passes the mean score of the fakes as a scalar tensor); a no-op otherwise.
   */
  observeReal: (realLogits: tf.Tensor, threshold?: number | tf.Scalar) => void;
  /**
   * Once, after the step's last D update: ADA adds what observeReal saw and, on every adaInterval-th
   * step, adjusts p. Returns { adaP (p after this step), adaRt (r_t of the window so far; on an
   * adjusting step, the r_t that moved p) } for ADA, {} otherwise.
   */
  finish: () => Promise<Record<string, number>>;
}

/** One real batch's contribution to r_t, read in finish(). */
interface Observation {
  signSum: tf.Scalar;
  count: number;
  images: number;
}

/** The augmentation of one training step; throws a ConfigError on bad AugmentConfig fields. */
export function discriminatorAugment<C>(ctx: TrainContext<C>): DiscriminatorAugment {
  const settings = augmentSettings(ctx.config as object);
  const state = ctx.ada;
  if (settings.mode === 'ada' && state === undefined) {
    throw new Error("augment 'ada' needs the controller state ctx.ada: core's trainRun keeps one; a loop of your own makes it with initialAdaState() and passes the same object to every step");
  }
  const random = stepRandom(ctx);
  const observations: Observation[] = [];
  let finished = false;

  const transform = async (shape: number[]): Promise<AugmentTransform> => {
    switch (settings.mode) {
      case 'diffaugment':
        return diffAugmentTransform(shape, settings.policy, random);
      case 'ada':
        return adaTransform(shape, state!.p, settings.groups, random);
      default:
        return identityTransform;
    }
  };
  return {
    settings,
    transform,
    observeReal: (realLogits, threshold = 0) => {
      if (settings.mode !== 'ada') return;
      const signSum = tf.keep(tf.tidy(() => tf.sum<tf.Scalar>(tf.sign(threshold === 0 ? realLogits : tf.sub(realLogits, threshold)))));
      observations.push({ signSum, count: realLogits.size, images: realLogits.shape[0]! });
    },
    finish: async (): Promise<Record<string, number>> => {
      if (finished) throw new Error('discriminatorAugment.finish() was called twice in one step');
      finished = true;
      if (settings.mode !== 'ada') return {};
      const sums = await Promise.all(observations.map(async (o) => (await o.signSum.data())[0]!));
      tf.dispose(observations.map((o) => o.signSum));
      observations.forEach((o, i) => recordRealSigns(state!, sums[i]!, o.count, o.images));
      const adjusting = (ctx.step + 1) % settings.control.interval === 0;
      const rt = adjusting ? adjustAda(state!, settings.control) : adaRt(state!);
      return { adaP: state!.p, adaRt: rt };
    },
  };
}

/**
 * The AdaState a training loop carries for `config`: a copy of `saved` (from a checkpoint), else a
 * fresh one (p = 0); undefined when the config does not ask for ADA.
 */
export function adaStateFor(config: object, saved?: AdaState): AdaState | undefined {
  if (!usesAda(config)) return undefined;
  return saved ? { ...saved } : initialAdaState();
}
