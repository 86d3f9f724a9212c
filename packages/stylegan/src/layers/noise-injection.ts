/**
 * Per-pixel noise with a learned strength (Karras et al. 2019, §2.1: "B" in Fig. 1), followed by the
 * style layer's bias and activation, in the order of StyleGAN2's SynthesisLayer: conv, noise, bias,
 * lrelu·√2. One noise image [N, H, W, 1] is broadcast over the channels and scaled by a scalar
 * strength that starts at 0.
 *
 * The noise comes from the `noise` keyword argument (the train step passes seeded noise, so a
 * resumed run draws what a straight run would); without it the layer uses a fixed noise image it
 * stores as a non-trainable weight (StyleGAN2's noise_mode='const'), so the same seed always gives
 * the same image.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from '@ganforge/core/layers';

export interface NoiseInjectionArgs extends LayerArgs {
  /** Seed of the stored constant noise. Default 0. */
  seed?: number;
}

export class NoiseInjection extends tf.layers.Layer {
  static className = 'GanforgeNoiseInjection';
  readonly seed: number;
  private strength?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private constNoise?: tf.LayerVariable;

  constructor(args: NoiseInjectionArgs = {}) {
    super(args);
    this.seed = args.seed ?? 0;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
    this.strength = this.addWeight('strength', [], 'float32', tf.initializers.zeros());
    this.bias = this.addWeight('bias', [c!], 'float32', tf.initializers.zeros());
    this.constNoise = this.addWeight('const-noise', [1, h!, w!, 1], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: this.seed }), undefined, false);
    this.built = true;
  }

  /** @param kwargs.noise [N, H, W, 1] noise for this call; the stored constant noise when absent. */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { noise?: tf.Tensor }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const noise = kwargs.noise ?? this.constNoise!.read();
      const y = tf.add(tf.add(x, tf.mul(noise, this.strength!.read())), this.bias!.read());
      return tf.mul(tf.leakyRelu(y, 0.2), Math.SQRT2);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

tf.serialization.registerClass(NoiseInjection);
