/** The learned 4x4 constant StyleGAN's synthesis starts from (Karras et al. 2019, §2). */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from '@ganforge/core/layers';

export interface ConstantInputArgs extends LayerArgs {
  /** Channels of the constant. */
  channels: number;
  /** Height and width. Default 4. */
  size?: number;
  /** Seed of its N(0, 1) initialiser. Default 0. */
  seed?: number;
}

/** A learned [size, size, C] tensor, repeated for every example of its input w [N, wDim]. */
export class ConstantInput extends tf.layers.Layer {
  static className = 'GanforgeConstantInput';
  readonly channels: number;
  readonly size: number;
  readonly seed: number;
  private value?: tf.LayerVariable;

  constructor(args: ConstantInputArgs) {
    super(args);
    this.channels = args.channels;
    this.size = args.size ?? 4;
    this.seed = args.seed ?? 0;
  }

  override build(): void {
    this.value = this.addWeight('const', [this.size, this.size, this.channels], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: this.seed }));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const n = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape)[0] as number | null;
    return [n, this.size, this.size, this.channels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const w = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => tf.broadcastTo(tf.expandDims(this.value!.read(), 0), [w.shape[0]!, this.size, this.size, this.channels]));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), channels: this.channels, size: this.size, seed: this.seed };
  }
}

tf.serialization.registerClass(ConstantInput);
