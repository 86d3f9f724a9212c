/**
 * Random Fourier features (Rahimi & Recht 2007; Tancik et al. 2020, "Fourier Features Let Networks
 * Learn High Frequency Functions in Low Dimensional Domains"): the last axis x [..., d] becomes
 *
 *   [sin(2π x B), cos(2π x B)]   [..., 2k],   B ~ N(0, scale²) of shape [d, k], fixed
 *
 * An MLP on raw low-dimensional coordinates learns high frequencies very slowly (spectral bias);
 * on these features it fits them in a few steps. B is a non-trainable weight, seeded, saved with
 * the model.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

export interface FourierFeaturesArgs extends LayerArgs {
  /** Number k of random frequencies; the layer outputs 2k values per input vector. */
  features: number;
  /** Standard deviation of the frequencies, in cycles per input unit. Default 1. */
  scale?: number;
  /** Seed of B; unseeded when absent. */
  seed?: number;
}

export class FourierFeatures extends tf.layers.Layer {
  static className = 'GanforgeFourierFeatures';
  readonly features: number;
  readonly scale: number;
  readonly seed: number | undefined;
  private frequencies: tf.LayerVariable | undefined;

  constructor(args: FourierFeaturesArgs) {
    super(args);
    if (!Number.isInteger(args.features) || args.features < 1) throw new Error(`FourierFeatures needs features >= 1, got ${args.features}`);
    this.features = args.features;
    this.scale = args.scale ?? 1;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = shape.at(-1);
    if (d == null) throw new Error('FourierFeatures needs a known size of the last input axis');
    this.frequencies = this.addWeight(
      'frequencies',
      [d, this.features],
      'float32',
      tf.initializers.randomNormal({ mean: 0, stddev: this.scale, seed: this.seed }),
      undefined,
      false,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), 2 * this.features];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const d = x.shape.at(-1)!;
      const angles = tf.mul(tf.matMul(tf.reshape(x, [-1, d]), this.frequencies!.read()), 2 * Math.PI); // [M, k]
      const features = tf.concat([tf.sin(angles), tf.cos(angles)], 1); // [M, 2k]
      return tf.reshape(features, [...x.shape.slice(0, -1), 2 * this.features]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), features: this.features, scale: this.scale, ...(this.seed === undefined ? {} : { seed: this.seed }) };
  }
}

tf.serialization.registerClass(FourierFeatures);

/** A FourierFeatures layer (functional-API style constructor). */
export const fourierFeatures = (args: FourierFeaturesArgs): FourierFeatures => new FourierFeatures(args);
