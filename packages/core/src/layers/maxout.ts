/**
 * Maxout units (Goodfellow et al. 2013, "Maxout Networks"): each output unit is the largest of
 * `pieces` linear pieces. The layer takes the preceding dense layer's [..., pieces·units] output,
 * piece p of unit u at index p·units + u (a reshape to [pieces, units]), and returns [..., units].
 *
 * It is an elementwise tf.maximum over the pieces' slices, not a max-reduction: a reduction's
 * gradient compares every input with the broadcast maximum, which wasm computes slowly (a toy
 * PacGAN2 step: 235 ms with this form, 281 ms with the reduction).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

export interface MaxoutArgs extends LayerArgs {
  /** Linear pieces per unit, at least 1. */
  pieces: number;
}

/** [..., pieces·units] -> [..., units]: the largest piece of each unit, as a plain op. Caller disposes. */
export function maxout(x: tf.Tensor, pieces: number): tf.Tensor {
  const width = x.shape[x.rank - 1]!;
  if (!Number.isInteger(pieces) || pieces < 1 || width % pieces !== 0) {
    throw new Error(`maxout needs a last axis divisible into ${pieces} pieces; got ${width} features`);
  }
  const units = width / pieces;
  return tf.tidy(() => {
    const begin = new Array<number>(x.rank).fill(0);
    const size = [...x.shape.slice(0, -1), units];
    const piece = (p: number) => tf.slice(x, [...begin.slice(0, -1), p * units], size);
    let result = piece(0);
    for (let p = 1; p < pieces; p++) result = tf.maximum(result, piece(p));
    return result;
  });
}

export class Maxout extends tf.layers.Layer {
  static className = 'GanforgeMaxout';
  readonly pieces: number;

  constructor(args: MaxoutArgs) {
    super(args);
    if (!Number.isInteger(args.pieces) || args.pieces < 1) throw new Error(`Maxout pieces must be a positive integer, got ${args.pieces}`);
    this.pieces = args.pieces;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const width = shape[shape.length - 1];
    return [...shape.slice(0, -1), width == null ? null : width / this.pieces];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return maxout(Array.isArray(inputs) ? inputs[0]! : inputs, this.pieces);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pieces: this.pieces };
  }
}

tf.serialization.registerClass(Maxout);

/** A Maxout layer (functional-API style constructor). */
export const maxoutLayer = (args: MaxoutArgs): Maxout => new Maxout(args);
