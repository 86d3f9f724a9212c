/**
 * Minibatch standard deviation (Karras et al. 2018, §3; the grouped form of their code and of
 * StyleGAN2): split the batch into groups of `groupSize`, take each feature's standard deviation
 * over a group, average it over pixels and channels, and append the result as `numChannels`
 * constant feature maps. The discriminator can then see a batch's lack of variety.
 *
 * Group membership follows the reference code's `x.view(G, -1, ...)`: example n belongs to group
 * n mod (N / G). G is min(groupSize, N), or, when N is not a multiple of that (an evaluation batch
 * of 250, say), the largest divisor of N below it. With numChannels F, the channels are split into F consecutive slices, each
 * giving one statistic (StyleGAN2's mbstd_num_channels).
 *
 *   y[m, f] = mean_{h, w, c∈f} √(Var_g x[g·M + m, h, w, c] + 1e-8),  M = N / G
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

export interface MinibatchStddevArgs extends LayerArgs {
  /** Examples per statistics group; min(groupSize, N), or the largest divisor of N below it. Default 4 (Karras et al.). */
  groupSize?: number;
  /** Statistics appended as channels. Default 1 (Karras et al.; StyleGAN2). */
  numChannels?: number;
}

/** The statistics of `x` [N, H, W, C] appended as F channels: [N, H, W, C + F]. Caller disposes. */
export function minibatchStddev(x: tf.Tensor4D, groupSize = 4, numChannels = 1): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  let g = Math.min(groupSize, n);
  while (n % g !== 0) g -= 1;
  if (c % numChannels !== 0) throw new Error(`minibatch stddev: ${c} channels do not split into ${numChannels} statistics`);
  const m = n / g;
  return tf.tidy(() => {
    const grouped = tf.reshape(x, [g, m, h * w, numChannels, c / numChannels]); // [G, M, HW, F, c]
    const centred = tf.sub(grouped, tf.mean(grouped, 0, true));
    const std = tf.sqrt(tf.add(tf.mean(tf.square(centred), 0), 1e-8)); // [M, HW, F, c]
    const stat = tf.mean(std, [1, 3]); // [M, F]
    const maps = tf.broadcastTo(tf.reshape(stat, [1, m, 1, numChannels]), [g, m, h * w, numChannels]); // [G, M, HW, F]
    return tf.concat([x, tf.reshape(maps, [n, h, w, numChannels])], 3);
  });
}

export class MinibatchStddev extends tf.layers.Layer {
  static className = 'GanforgeMinibatchStddev';
  readonly groupSize: number;
  readonly numChannels: number;

  constructor(args: MinibatchStddevArgs = {}) {
    super(args);
    this.groupSize = args.groupSize ?? 4;
    this.numChannels = args.numChannels ?? 1;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), (shape.at(-1) as number) + this.numChannels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return minibatchStddev(x, this.groupSize, this.numChannels);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), groupSize: this.groupSize, numChannels: this.numChannels };
  }
}

tf.serialization.registerClass(MinibatchStddev);

/** A MinibatchStddev layer (functional-API style constructor). */
export const minibatchStddevLayer = (args?: MinibatchStddevArgs): MinibatchStddev => new MinibatchStddev(args);
