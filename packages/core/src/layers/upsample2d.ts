/**
 * Upsampling of NHWC images by an integer factor: `nearest` repeats pixels (ProGAN), `bilinear`
 * interpolates with half-pixel centres, as PyTorch's F.interpolate(..., align_corners=False) does
 * (StyleGAN2-like generators). tf.layers.upSampling2d's bilinear mode omits the half-pixel offset,
 * which shifts the image by half a pixel, and tfjs 4.22's ResizeBilinearGrad ignores
 * halfPixelCenters (its gradient is that of the resize without the offset, on cpu and wasm), so
 * bilinear is written here with slices and weighted sums, whose gradients are exact. Output pixel
 * f·i + k reads source position i + d_k, d_k = (k + ½)/f - ½, edge-clamped:
 *
 *   out[f·i + k] = (1 - |d_k|)·x[i] + |d_k|·x[i + sign(d_k)]
 *
 * Both modes are differentiable twice (nearest through ResizeNearestNeighborGrad, whose gradient
 * core's backend set-up registers).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

export type UpsampleInterpolation = 'nearest' | 'bilinear';

export interface Upsample2DArgs extends LayerArgs {
  /** Integer scale factor. Default 2. */
  factor?: number;
  /** `nearest` (default) or `bilinear`. */
  interpolation?: UpsampleInterpolation;
}

/** Half-pixel bilinear upsampling of `x` by `factor` along `axis` (1: rows, 2: columns). */
function bilinearAlong(x: tf.Tensor4D, factor: number, axis: 1 | 2): tf.Tensor4D {
  const length = x.shape[axis];
  const size = x.shape.map((d, i) => (i === axis ? length - 1 : d));
  const edge = x.shape.map((d, i) => (i === axis ? 1 : d));
  const begin = (at: number) => x.shape.map((_, i) => (i === axis ? at : 0));
  // x[i - 1] and x[i + 1], clamped at the edges.
  const previous = length === 1 ? x : tf.concat([tf.slice(x, begin(0), edge), tf.slice(x, begin(0), size)], axis);
  const next = length === 1 ? x : tf.concat([tf.slice(x, begin(1), size), tf.slice(x, begin(length - 1), edge)], axis);
  const phases = Array.from({ length: factor }, (_, k) => {
    const d = (k + 0.5) / factor - 0.5;
    return d === 0 ? x : tf.add(tf.mul(x, 1 - Math.abs(d)), tf.mul(d < 0 ? previous : next, Math.abs(d)));
  });
  // Interleave the phases along `axis`: flattening everything after it, out[..., i·f + k, ...] is
  // phase k's row i, so a concat on the last axis of rank-2/3 views does it. (tf.stack on a new
  // axis is the same, but its gradient, Unpack, and a rank-5 SplitV are 10-100x slower on wasm.)
  const [n, h, w, c] = x.shape;
  const view = axis === 1 ? [n, h, w * c] : [n * h * w, c];
  const interleaved = tf.concat(phases.map((p) => tf.reshape(p, view)), view.length - 1);
  return tf.reshape(interleaved, axis === 1 ? [n, h * factor, w, c] : [n, h, w * factor, c]);
}

/** `x` [N, H, W, C] scaled to [N, H·f, W·f, C]. Caller disposes. */
export function upsample2d(x: tf.Tensor4D, factor = 2, interpolation: UpsampleInterpolation = 'nearest'): tf.Tensor4D {
  if (factor === 1) return tf.clone(x);
  if (interpolation === 'nearest') return tf.image.resizeNearestNeighbor(x, [x.shape[1] * factor, x.shape[2] * factor], false, false);
  return tf.tidy(() => bilinearAlong(bilinearAlong(x, factor, 1), factor, 2));
}

export class Upsample2D extends tf.layers.Layer {
  static className = 'GanforgeUpsample2D';
  readonly factor: number;
  readonly interpolation: UpsampleInterpolation;

  constructor(args: Upsample2DArgs = {}) {
    super(args);
    this.factor = args.factor ?? 2;
    this.interpolation = args.interpolation ?? 'nearest';
    if (!Number.isInteger(this.factor) || this.factor < 1) throw new Error(`Upsample2D needs a positive integer factor, got ${this.factor}`);
    if (this.interpolation !== 'nearest' && this.interpolation !== 'bilinear') {
      throw new Error(`Upsample2D interpolation must be "nearest" or "bilinear", got "${String(this.interpolation)}"`);
    }
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const scale = (d: number | null | undefined) => (d === null || d === undefined ? null : d * this.factor);
    return [n ?? null, scale(h), scale(w), c ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return upsample2d((Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D, this.factor, this.interpolation);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor, interpolation: this.interpolation };
  }
}

tf.serialization.registerClass(Upsample2D);

/** An Upsample2D layer (functional-API style constructor). */
export const upsample2dLayer = (args?: Upsample2DArgs): Upsample2D => new Upsample2D(args);
