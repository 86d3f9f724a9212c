/**
 * Exponential moving average of a network's weights (Karras et al. 2018; Yazıcı et al. 2019):
 * after each update, shadow ← decay·shadow + (1 - decay)·weights. Non-trainable weights (batch-norm
 * statistics) are copied. Sampling from the shadow network gives smoother, better images.
 */
import type * as tf from '@tensorflow/tfjs';
import { tidy, add, mul } from '@tensorflow/tfjs';
import { fusedEmaUpdate } from '../backend/webgpu/fused-ema.js';

export class WeightAverage {
  /**
   * @param source the network being trained
   * @param shadow a network of the same architecture that holds the average; starts as a copy
   * @param decay per-step decay, e.g. 0.999
   */
  constructor(
    readonly source: tf.LayersModel,
    readonly shadow: tf.LayersModel,
    readonly decay: number,
  ) {
    if (source.weights.length !== shadow.weights.length) {
      throw new Error('EMA network does not match the network it averages');
    }
  }

  /** Makes the shadow an exact copy of the source. */
  reset(): void {
    tidy(() => this.shadow.weights.forEach((w, i) => w.write(this.source.weights[i]!.read().clone())));
  }

  /** One EMA update. */
  update(): void {
    // webgpu with core's kernels: one in-place dispatch per tensor (same arithmetic).
    if (fusedEmaUpdate(this.shadow.weights, this.source.weights, this.decay)) return;
    tidy(() => {
      this.shadow.weights.forEach((w, i) => {
        const current = this.source.weights[i]!;
        w.write(current.trainable ? add(mul(w.read(), this.decay), mul(current.read(), 1 - this.decay)) : current.read().clone());
      });
    });
  }
}
