/**
 * Instance normalization (Ulyanov, Vedaldi & Lempitsky 2016): each image's channels are normalised
 * over their own height and width, the same in training and inference (no running statistics), as
 * PyTorch's InstanceNorm2d with track_running_stats=False, which CycleGAN uses.
 *
 *   y = (x - mean_hw(x)) / sqrt(var_hw(x) + ε)  [· γ + β when affine]
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

export interface InstanceNormArgs extends LayerArgs {
  /** Added to the variance. Default 1e-5 (PyTorch). */
  epsilon?: number;
  /** Learned per-channel scale γ (ones) and offset β (zeros). Default false (PyTorch's InstanceNorm2d, CycleGAN). */
  affine?: boolean;
}

export class InstanceNorm extends tf.layers.Layer {
  static className = 'GanforgeInstanceNorm';
  readonly epsilon: number;
  readonly affine: boolean;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;

  constructor(args: InstanceNormArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-5;
    this.affine = args.affine ?? false;
    if (!(this.epsilon > 0)) throw new Error(`instance norm epsilon must be positive, got ${this.epsilon}`);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 4) throw new Error(`instance norm expects [N, H, W, C] inputs, got rank ${shape.length}`);
    const channels = shape[3];
    if (this.affine) {
      if (channels == null) throw new Error('instance norm with affine=true needs a known channel count');
      this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
      this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    }
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return tf.tidy(() => {
      const centred = tf.sub(x, tf.mean(x, [1, 2], true)); // x - mean over H, W: [N, H, W, C]
      const variance = tf.mean(tf.square(centred), [1, 2], true); // biased, as PyTorch: [N, 1, 1, C]
      const normalized = tf.mul(centred, tf.rsqrt(tf.add(variance, this.epsilon)));
      if (!this.affine) return normalized;
      return tf.add(tf.mul(normalized, this.gamma!.read()), this.beta!.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon, affine: this.affine };
  }
}

tf.serialization.registerClass(InstanceNorm);

/** An InstanceNorm layer (functional-API style constructor). */
export const instanceNorm = (args?: InstanceNormArgs): InstanceNorm => new InstanceNorm(args);
