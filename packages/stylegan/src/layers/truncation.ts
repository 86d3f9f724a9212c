/**
 * The tracked mean of w that the truncation trick pulls towards (Karras et al. 2019, Appendix B;
 * Kingma & Dhariwal 2018).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from '@ganforge/core/layers';

export interface TruncationArgs extends LayerArgs {
  /** ψ applied by the model's own graph. Default 1 (no truncation). */
  psi?: number;
}

/**
 * Holds the tracked mean w̄ (a non-trainable weight the train step updates) and applies the
 * truncation trick w' = w̄ + ψ·(w - w̄). The model graph uses the layer's ψ (1: identity);
 * `truncate` takes any ψ.
 */
export class Truncation extends tf.layers.Layer {
  static className = 'GanforgeTruncation';
  readonly psi: number;
  private mean?: tf.LayerVariable;

  constructor(args: TruncationArgs = {}) {
    super(args);
    this.psi = args.psi ?? 1;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const wDim = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape).at(-1) as number;
    this.mean = this.addWeight('w-avg', [wDim], 'float32', tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  /** The tracked mean w̄ [wDim] (owned by the layer: do not dispose). */
  get average(): tf.Tensor1D {
    return this.mean!.read() as tf.Tensor1D;
  }

  /** w̄ ← batchMean + β·(w̄ - batchMean), i.e. lerp(batchMean, w̄, β) (StyleGAN2's w_avg update). */
  track(batchMean: tf.Tensor1D, beta: number): void {
    tf.tidy(() => {
      this.mean!.write(tf.add(batchMean, tf.mul(tf.sub(this.mean!.read(), batchMean), beta)));
    });
  }

  /** w̄ + ψ·(w - w̄) for w [..., wDim]. Caller disposes. */
  truncate(w: tf.Tensor, psi: number): tf.Tensor {
    return tf.tidy(() => (psi === 1 ? tf.clone(w) : tf.add(this.mean!.read(), tf.mul(tf.sub(w, this.mean!.read()), psi))));
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return this.truncate(Array.isArray(inputs) ? inputs[0]! : inputs, this.psi);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), psi: this.psi };
  }
}

tf.serialization.registerClass(Truncation);
