/**
 * Pixel-wise feature normalisation (Karras et al. 2018, "Progressive Growing of GANs", §4.2):
 * every feature vector (the last axis: channels of a pixel, or a latent code) is scaled to unit
 * mean square,
 *
 *   b = a / √(mean_c a_c² + ε)
 *
 * ProGAN applies it after every generator convolution and to z; StyleGAN to z before mapping.
 * It has no weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

export interface PixelNormArgs extends LayerArgs {
  /** Added to the mean square before the root. Default 1e-8 (Karras et al.). */
  epsilon?: number;
}

/** a / √(mean(a², last axis) + ε) as a plain op. Caller disposes. */
export const pixelNorm = (x: tf.Tensor, epsilon = 1e-8): tf.Tensor =>
  tf.tidy(() => tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), epsilon))));

export class PixelNorm extends tf.layers.Layer {
  static className = 'GanforgePixelNorm';
  readonly epsilon: number;

  constructor(args: PixelNormArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-8;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return pixelNorm(Array.isArray(inputs) ? inputs[0]! : inputs, this.epsilon);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(PixelNorm);

/** A PixelNorm layer (functional-API style constructor). */
export const pixelNormLayer = (args?: PixelNormArgs): PixelNorm => new PixelNorm(args);
