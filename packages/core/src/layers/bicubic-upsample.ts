/**
 * Bicubic upscaling by a whole factor as a layer (core's bicubicResize: Keys a = -0.5, MATLAB's
 * edge rule): [N, H, W, C] -> [N, f·H, f·W, C]. No weights. A super-resolution network's global
 * residual (VDSR, Kim et al. 2016) adds it to the network's output, so the network learns only
 * what bicubic interpolation misses. Works on any input size.
 */
import * as tf from '@tensorflow/tfjs';
import { bicubicResize } from '../image/bicubic.js';
import type { LayerArgs } from './layer-args.js';

export interface BicubicUpsampleArgs extends LayerArgs {
  /** Whole upscaling factor. */
  factor: number;
}

export class BicubicUpsample extends tf.layers.Layer {
  static className = 'GanforgeBicubicUpsample';
  readonly factor: number;

  constructor(args: BicubicUpsampleArgs) {
    super(args);
    if (!Number.isInteger(args.factor) || args.factor < 1) throw new Error(`bicubic upsample factor must be a positive integer, got ${args.factor}`);
    this.factor = args.factor;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [n ?? null, h == null ? null : h * this.factor, w == null ? null : w * this.factor, c ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    const [, h, w] = x.shape;
    return bicubicResize(x, [h * this.factor, w * this.factor]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}

tf.serialization.registerClass(BicubicUpsample);
