/**
 * Instance normalization (Ulyanov, Vedaldi & Lempitsky 2016): each image's channels are normalised
 * over their own height and width, the same in training and inference (no running statistics), as
 * PyTorch's InstanceNorm2d with track_running_stats=False, which CycleGAN uses.
 *
 *   y = (x - mean_hw(x)) / sqrt(var_hw(x) + ε)  [· γ + β when affine]
 *
 * Under one gradient tape (a plain training step) the normalisation is one custom-gradient op
 * that keeps only y and r = 1/sqrt(var + ε) for the backward pass:
 *
 *   dx = r · (dy - mean_hw(dy) - y · mean_hw(dy · y))
 *
 * (exact, ε included). Built from tfjs ops, the tape would also hold x, x - mean and its square:
 * four full-size tensors per layer instead of one, which took CycleGAN at 128x128 past the wasm
 * backend's 4 GiB heap. That gradient is first order only, so under nested tapes (R1, gradient
 * penalties: second-order gradients) the layer uses the op-by-op form, which tfjs differentiates
 * twice.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedInstanceNorm } from '../backend/webgpu/normalization-layers.js';
import type { LayerArgs } from './layer-args.js';

export interface InstanceNormArgs extends LayerArgs {
  /** Added to the variance. Default 1e-5 (PyTorch). */
  epsilon?: number;
  /** Learned per-channel scale γ (ones) and offset β (zeros). Default false (PyTorch's InstanceNorm2d, CycleGAN). */
  affine?: boolean;
}

/** y = (x - mean_hw) · r and r = 1/sqrt(var_hw + ε), the variance biased as PyTorch's: y [N, H, W, C], r [N, 1, 1, C]. */
function normalize(x: tf.Tensor4D, epsilon: number): { y: tf.Tensor4D; r: tf.Tensor4D } {
  const centred = tf.sub(x, tf.mean(x, [1, 2], true));
  const r = tf.rsqrt(tf.add(tf.mean(tf.square(centred), [1, 2], true), epsilon)) as tf.Tensor4D;
  return { y: tf.mul(centred, r), r };
}

/** The normalisation as one op whose first-order gradient keeps only y and r (see the module comment). */
const normalizeOnce = (x: tf.Tensor4D, epsilon: number): tf.Tensor4D =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[1] as tf.GradSaveFunc;
    const { y, r } = normalize(args[0] as tf.Tensor4D, epsilon);
    save([y, r]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [saved, rstd]: tf.Tensor[]) => {
        const meanDy = tf.mean(dy, [1, 2], true);
        const meanDyY = tf.mean(tf.mul(dy, saved!), [1, 2], true);
        return tf.mul(rstd!, tf.sub(tf.sub(dy, meanDy), tf.mul(saved!, meanDyY)));
      },
    };
  })(x) as tf.Tensor4D;

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
    // webgpu with core's kernels: three dispatches forward and backward, any order of gradient.
    const fused = fusedInstanceNorm(x, this.epsilon, this.gamma?.read(), this.beta?.read());
    if (fused) return fused;
    return tf.tidy(() => {
      const secondOrder = tf.engine().state.gradientDepth > 1;
      const normalized = secondOrder ? normalize(x, this.epsilon).y : normalizeOnce(x, this.epsilon);
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
