/**
 * Top-k training (Sinha, Zhao, Goyal, Raffel & Odena, NeurIPS 2020, "Top-k Training of GANs:
 * Improving GAN Performance by Throwing Away Bad Samples"): G's loss takes only the k fakes D
 * rates most real, so the samples D already rejects stop pulling G towards the mean of the modes.
 * k starts at the whole batch and shrinks by γ each period to ν of it:
 *
 *   k = ⌈max(ν, γ^⌊step / period⌋) · N⌉
 *
 * The paper decays once an epoch with γ 0.99 and ν 0.5 (0.75 for some data); a period of steps
 * stands for the epoch here, so infinite data (the toy mixtures) and short CPU runs have one.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../family/architecture.js';

/**
 * TopK's gradient, which tfjs 4.22 does not register: the values' gradient goes back to the
 * positions they were taken from (indices carry none).
 */
function registerTopKGradient(): void {
  if (tf.getGradient('TopK') !== undefined) return;
  tf.registerGradient({
    kernelName: 'TopK',
    inputsToSave: ['x'],
    outputsToSave: [false, true],
    gradFunc: (dy, saved) => {
      const [x, indices] = saved as [tf.Tensor, tf.Tensor];
      const dValues = Array.isArray(dy) ? dy[0]! : dy;
      return { x: () => tf.sum(tf.mul(tf.oneHot(indices, x.shape[x.shape.length - 1]!), tf.expandDims(dValues, -1)), -2) };
    },
  });
}

/**
 * The share of the batch G's loss keeps at `step`: max(ν, γ^⌊step / period⌋); ν = 1 keeps all.
 * @throws ConfigError naming the field when ν or γ is not in (0, 1] or the period is not a whole number of steps
 */
export function topKShare(step: number, keep: number, decay: number, period: number): number {
  if (!(keep > 0 && keep <= 1)) throw new ConfigError(`topK must be a share of the batch in (0, 1] (1 = off), got ${keep}`);
  if (!(decay > 0 && decay <= 1)) throw new ConfigError(`topKDecay must be in (0, 1], got ${decay}`);
  if (!Number.isInteger(period) || period < 1) throw new ConfigError(`topKPeriod must be a whole number of steps, 1 or more, got ${period}`);
  return keep === 1 ? 1 : Math.max(keep, decay ** Math.floor(step / period));
}

/**
 * The ⌈share·N⌉ highest of N logits (any shape, flattened), as [k, 1], differentiable: G's loss of
 * these is the top-k loss. share 1 returns the logits as they are.
 */
export function topKLogits(logits: tf.Tensor, share: number): tf.Tensor {
  if (share >= 1) return logits;
  registerTopKGradient();
  return tf.tidy(() => {
    const flat = tf.reshape(logits, [-1]);
    const k = Math.max(1, Math.ceil(share * flat.shape[0]!));
    return tf.reshape(tf.topk(flat, k).values, [k, 1]);
  });
}
