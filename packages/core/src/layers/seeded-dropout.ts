/**
 * Dropout whose masks are reproducible: call k of the layer in training mode draws its mask from
 * (seed, k). k is counted in JavaScript (no read from the device on the training path) and mirrored
 * into a non-trainable weight, so it is saved with the model; after loading one, call
 * `restoreDropoutCounters(model)` (core's loadModel does) and a resumed run draws the masks a
 * straight run would have drawn. tf.layers.dropout draws from an unseeded global generator (or,
 * seeded, repeats one mask forever). Inference passes inputs through unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../random/rng.js';
import type { LayerArgs } from './layer-args.js';

export interface SeededDropoutArgs extends LayerArgs {
  /** Fraction of units zeroed in training, in [0, 1). */
  rate: number;
  /** Seed of the mask sequence. */
  seed: number;
}

export class SeededDropout extends tf.layers.Layer {
  static className = 'GanforgeSeededDropout';
  readonly rate: number;
  readonly seed: number;
  private calls?: tf.LayerVariable;
  /** Training calls so far; the `calls` weight holds the same number for saving. */
  private count = 0;

  constructor(args: SeededDropoutArgs) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`dropout rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override build(): void {
    this.calls = this.addWeight('calls', [], 'float32', tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.rate === 0) return tf.clone(x);
    const count = this.count++;
    tf.tidy(() => {
      this.calls!.write(tf.scalar(this.count));
    });
    return tf.tidy(() => {
      const keep = tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', deriveSeed(this.seed, count)), this.rate);
      return tf.mul(x, tf.div(tf.cast(keep, 'float32'), 1 - this.rate)); // E[out] = x
    });
  }

  /** Takes the call count from the `calls` weight, e.g. after loading saved weights. */
  async restoreCount(): Promise<void> {
    this.count = (await this.calls!.read().data())[0]!;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

tf.serialization.registerClass(SeededDropout);

/** Restores every SeededDropout's call count from its saved weight; call after loading weights. */
export async function restoreDropoutCounters(model: tf.LayersModel): Promise<void> {
  await Promise.all(model.layers.filter((layer): layer is SeededDropout => layer instanceof SeededDropout).map((layer) => layer.restoreCount()));
}

/** A SeededDropout layer (functional-API style constructor). */
export const seededDropout = (args: SeededDropoutArgs): SeededDropout => new SeededDropout(args);
