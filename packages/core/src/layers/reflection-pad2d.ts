/**
 * Reflection padding of the height and width of [N, H, W, C] images, as PyTorch's ReflectionPad2d:
 * the border is mirrored without repeating the edge pixel (`[a b c]` padded by 1 is `[b a b c b]`).
 * CycleGAN's ResNet generator pads this way before its 7x7 and 3x3 convolutions, so no zero border
 * leaks into the outputs.
 *
 * Built from slice, reverse and concat rather than tf.mirrorPad, whose gradient in tfjs 4.22 only
 * slices the centre out and drops the gradient of every mirrored pixel.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

export interface ReflectionPad2dArgs extends LayerArgs {
  /** Pixels added on every side, or [[top, bottom], [left, right]]; each less than the padded side. */
  padding: number | [[number, number], [number, number]];
}

/** Mirrors `before` and `after` slices of `axis` around x, leaving the edge itself out. */
function reflectAxis(x: tf.Tensor4D, axis: 1 | 2, before: number, after: number): tf.Tensor4D {
  if (before === 0 && after === 0) return tf.clone(x);
  const size = x.shape[axis];
  const band = (start: number, length: number) => {
    const begin = [0, 0, 0, 0];
    const shape = [...x.shape];
    begin[axis] = start;
    shape[axis] = length;
    return tf.reverse(tf.slice(x, begin, shape), axis);
  };
  const parts: tf.Tensor4D[] = [];
  if (before > 0) parts.push(band(1, before)); // x[before], ..., x[1]
  parts.push(x);
  if (after > 0) parts.push(band(size - 1 - after, after)); // x[size - 2], ..., x[size - 1 - after]
  return tf.concat(parts, axis);
}

export class ReflectionPad2d extends tf.layers.Layer {
  static className = 'GanforgeReflectionPad2d';
  readonly padding: [[number, number], [number, number]];

  constructor(args: ReflectionPad2dArgs) {
    super(args);
    const p = args.padding;
    this.padding = typeof p === 'number' ? [[p, p], [p, p]] : [[p[0][0], p[0][1]], [p[1][0], p[1][1]]];
    if (this.padding.flat().some((v) => !Number.isInteger(v) || v < 0)) {
      throw new Error(`reflection padding must be whole numbers, 0 or more, got ${JSON.stringify(args.padding)}`);
    }
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [[top, bottom], [left, right]] = this.padding;
    const grow = (size: number | null, by: number) => (size == null ? null : size + by);
    return [shape[0] ?? null, grow(shape[1] ?? null, top + bottom), grow(shape[2] ?? null, left + right), shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    const [[top, bottom], [left, right]] = this.padding;
    const [, height, width] = x.shape;
    if (Math.max(top, bottom) >= height || Math.max(left, right) >= width) {
      throw new Error(`reflection padding ${JSON.stringify(this.padding)} needs images larger than the padding, got ${height}x${width}`);
    }
    return tf.tidy(() => reflectAxis(reflectAxis(x, 1, top, bottom), 2, left, right));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: this.padding };
  }
}

tf.serialization.registerClass(ReflectionPad2d);

/** A ReflectionPad2d layer (functional-API style constructor). */
export const reflectionPad2d = (args: ReflectionPad2dArgs): ReflectionPad2d => new ReflectionPad2d(args);
