/**
 * Adam (Kingma & Ba 2015) with PyTorch's update rule, whose whole state (step count and both
 * moments) is saved in a checkpoint, so a resumed run continues bit-exactly. tfjs' own Adam keeps
 * running products of β1 and β2 that its setWeights recomputes with pow(), which does not round
 * the same way.
 *
 *   m ← β1·m + (1-β1)·g;  v ← β2·v + (1-β2)·g²
 *   θ ← θ - lr/(1-β1^t) · m / (√v / √(1-β2^t) + ε)
 */
import * as tf from '@tensorflow/tfjs';
import { fusedAdamStep } from '../backend/webgpu/fused-adam.js';

export interface AdamOptions {
  /** Step size. DCGAN: 2e-4 (Radford et al. 2016). */
  learningRate: number;
  /** First-moment decay. GANs use 0.5 (Radford et al.) or 0 (WGAN-GP, StyleGAN2). */
  beta1: number;
  /** Second-moment decay, 0.999 unless a paper says otherwise. */
  beta2: number;
  /** Denominator guard, 1e-8 as in PyTorch. */
  epsilon?: number;
}

export class Adam {
  /** Updates applied so far (t in the formula). */
  step = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  /** @param variables the variables this optimizer updates, in a fixed order (the order of the saved state). */
  constructor(
    readonly variables: readonly tf.Variable[],
    readonly options: AdamOptions,
  ) {
    const zeros = () => variables.map((w) => tf.tidy(() => tf.variable(tf.zerosLike(w), false)));
    this.m = zeros();
    this.v = zeros();
  }

  /** Applies one update from gradients keyed by variable name (as tf.variableGrads returns them). */
  apply(grads: tf.NamedTensorMap): void {
    this.step += 1;
    const { learningRate, beta1, beta2, epsilon = 1e-8 } = this.options;
    const stepSize = learningRate / (1 - beta1 ** this.step);
    const secondCorrection = Math.sqrt(1 - beta2 ** this.step);
    // webgpu with core's kernels: one in-place dispatch per tensor (same arithmetic).
    if (fusedAdamStep(this.variables, this.m, this.v, grads, { beta1, beta2, epsilon, stepSize, secondCorrection })) return;
    tf.tidy(() => {
      this.variables.forEach((w, i) => {
        const g = grads[w.name];
        if (g === undefined) return;
        const m = this.m[i]!;
        const v = this.v[i]!;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const denominator = tf.add(tf.div(tf.sqrt(v), secondCorrection), epsilon);
        w.assign(tf.sub(w, tf.mul(tf.div(m, denominator), stepSize)));
      });
    });
  }

  /** The moments, in variable order: m/0..m/k, v/0..v/k. The caller must not dispose them. */
  stateTensors(): { name: string; tensor: tf.Tensor }[] {
    return [
      ...this.m.map((tensor, i) => ({ name: `m/${i}`, tensor })),
      ...this.v.map((tensor, i) => ({ name: `v/${i}`, tensor })),
    ];
  }

  /** Restores a state written by stateTensors() and the step it was taken at. */
  loadState(step: number, tensors: tf.NamedTensorMap): void {
    const restore = (slots: tf.Variable[], prefix: string) =>
      slots.forEach((slot, i) => {
        const saved = tensors[`${prefix}/${i}`];
        if (saved === undefined || !tf.util.arraysEqual(saved.shape, slot.shape)) {
          throw new Error(`optimizer state has no ${prefix}/${i} of shape [${slot.shape}]; the checkpoint does not match this network`);
        }
        slot.assign(saved);
      });
    restore(this.m, 'm');
    restore(this.v, 'v');
    this.step = step;
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
