/**
 * Reflection padding of the height and width of [N, H, W, C] images, as PyTorch's ReflectionPad2d:
 * the border is mirrored without repeating the edge pixel (`[a b c]` padded by 1 is `[b a b c b]`).
 * CycleGAN's ResNet generator pads this way before its 7x7 and 3x3 convolutions, so no zero border
 * leaks into the outputs.
 *
 * The forward pass is tf.mirrorPad; its gradient is our own (tf.customGrad): tfjs 4.22's MirrorPad
 * gradient only slices the centre out and drops the gradient of every mirrored pixel.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

export interface ReflectionPad2dArgs extends LayerArgs {
  /** Pixels added on every side, or [[top, bottom], [left, right]]; each less than the padded side. */
  padding: number | [[number, number], [number, number]];
}

/**
 * The gradient of reflection padding along `axis` of size `size`: the centre of dy, plus each
 * mirrored band of dy flipped back onto the pixels it copied (x[1..before] and x[size-1-after..size-2]).
 * Built from slices, reverses, adds and one concat (the wasm backend's PadV2 is slow).
 */
function foldAxis(dy: tf.Tensor4D, axis: 1 | 2, size: number, before: number, after: number): tf.Tensor4D {
  if (before === 0 && after === 0) return dy;
  const cut = (start: number, length: number) => {
    const begin = [0, 0, 0, 0];
    const shape = [...dy.shape];
    begin[axis] = start;
    shape[axis] = length;
    return tf.slice(dy, begin, shape);
  };
  const band = (start: number, length: number) => tf.reverse(cut(start, length), axis);
  // dy index of x[i] is before + i. Pieces of x: [0], [1, before], (before, size-1-after), [size-1-after, size-2], [size-1].
  const low = 1 + before;
  const high = size - 1 - after;
  if (low > high) {
    // Bands that overlap (padding nearly as large as the image): add them where they land, one at a time.
    let dx = cut(before, size);
    const place = (t: tf.Tensor4D, at: number) => {
      const paddings: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
      paddings[axis] = [at, size - at - t.shape[axis]];
      return tf.pad(t, paddings);
    };
    if (before > 0) dx = tf.add(dx, place(band(0, before), 1));
    if (after > 0) dx = tf.add(dx, place(band(before + size, after), high));
    return dx;
  }
  const pieces: tf.Tensor4D[] = [cut(before, 1)];
  if (before > 0) pieces.push(tf.add(cut(before + 1, before), band(0, before)));
  if (high > low) pieces.push(cut(before + low, high - low));
  if (after > 0) pieces.push(tf.add(cut(before + high, after), band(before + size, after)));
  pieces.push(cut(before + size - 1, 1));
  return tf.concat(pieces, axis);
}

/** Reflection padding of H and W: tf.mirrorPad forward (one kernel), with a gradient that folds the mirrored bands back. */
const reflectPad = (x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D =>
  tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor4D;
    const value = tf.mirrorPad(input, [[0, 0], [top, bottom], [left, right], [0, 0]], 'reflect');
    const [, height, width] = input.shape as number[];
    return {
      value,
      gradFunc: (dy: tf.Tensor) => foldAxis(foldAxis(dy as tf.Tensor4D, 1, height!, top, bottom), 2, width!, left, right),
    };
  })(x) as tf.Tensor4D;

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
    return reflectPad(x, top, bottom, left, right);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: this.padding };
  }
}

tf.serialization.registerClass(ReflectionPad2d);

/** A ReflectionPad2d layer (functional-API style constructor). */
export const reflectionPad2d = (args: ReflectionPad2dArgs): ReflectionPad2d => new ReflectionPad2d(args);
