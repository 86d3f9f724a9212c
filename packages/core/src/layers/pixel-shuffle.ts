/**
 * Pixel shuffle (depth-to-space; Shi et al. 2016, "Real-Time Single Image and Video
 * Super-Resolution Using an Efficient Sub-Pixel Convolutional Neural Network"): [N, H, W, r²·C] ->
 * [N, r·H, r·W, C], the sub-pixel upsampler of ESPCN and SRResNet/SRGAN.
 *
 * Built from reshape and transpose, which have gradients on every backend (tfjs' depthToSpace has
 * none). Two channel orders, named as ONNX's DepthToSpace names them:
 * - `DCR` (default; TensorFlow's tf.nn.depth_to_space and tf.depthToSpace): output pixel
 *   (r·h + i, r·w + j, c) reads input channel (i·r + j)·C + c.
 * - `CRD` (PyTorch's nn.PixelShuffle): output pixel (r·h + i, r·w + j, c) reads input channel
 *   c·r² + i·r + j. Use it to load weights trained in PyTorch.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

export type PixelShuffleMode = 'DCR' | 'CRD';

/** [N, H, W, r²·C] -> [N, r·H, r·W, C] in the given channel order. Caller disposes. */
export function pixelShuffle(x: tf.Tensor4D, factor: number, mode: PixelShuffleMode = 'DCR'): tf.Tensor4D {
  const [n, h, w, depth] = x.shape;
  const r = factor;
  if (!Number.isInteger(r) || r < 1) throw new Error(`pixel shuffle factor must be a positive integer, got ${factor}`);
  if (depth % (r * r) !== 0) {
    throw new Error(`pixel shuffle by ${r} needs channels divisible by ${r * r}; got ${depth} channels (shape [${x.shape.join(', ')}])`);
  }
  const c = depth / (r * r);
  return tf.tidy(() => {
    if (mode === 'DCR') {
      const blocks = tf.reshape(x, [n, h, w, r, r, c]); // [N, H, W, i, j, C]
      return tf.reshape(tf.transpose(blocks, [0, 1, 3, 2, 4, 5]), [n, h * r, w * r, c]); // [N, H, i, W, j, C]
    }
    const blocks = tf.reshape(x, [n, h, w, c, r, r]); // [N, H, W, C, i, j]
    return tf.reshape(tf.transpose(blocks, [0, 1, 4, 2, 5, 3]), [n, h * r, w * r, c]); // [N, H, i, W, j, C]
  });
}

export interface PixelShuffleArgs extends LayerArgs {
  /** Upscaling factor r: each pixel becomes r x r pixels, channels shrink by r². */
  factor: number;
  /** Channel order: DCR (TensorFlow, default) or CRD (PyTorch's nn.PixelShuffle). */
  mode?: PixelShuffleMode;
}

export class PixelShuffle extends tf.layers.Layer {
  static className = 'GanforgePixelShuffle';
  readonly factor: number;
  readonly mode: PixelShuffleMode;

  constructor(args: PixelShuffleArgs) {
    super(args);
    if (!Number.isInteger(args.factor) || args.factor < 1) throw new Error(`pixel shuffle factor must be a positive integer, got ${args.factor}`);
    this.factor = args.factor;
    // tfjs' serialization lower-cases string config values ('CRD' is saved as 'crd'): accept any case.
    const mode = String(args.mode ?? 'DCR').toUpperCase();
    if (mode !== 'DCR' && mode !== 'CRD') throw new Error(`pixel shuffle mode must be DCR or CRD, got ${String(args.mode)}`);
    this.mode = mode;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [n, h, w, depth] = shape;
    const r = this.factor;
    if (depth != null && depth % (r * r) !== 0) {
      throw new Error(`layer "${this.name}": pixel shuffle by ${r} needs channels divisible by ${r * r}, got ${depth}`);
    }
    return [n ?? null, h == null ? null : h * r, w == null ? null : w * r, depth == null ? null : depth / (r * r)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return pixelShuffle(x, this.factor, this.mode);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor, mode: this.mode };
  }
}

tf.serialization.registerClass(PixelShuffle);

/** A PixelShuffle layer (functional-API style constructor). */
export const pixelShuffleLayer = (args: PixelShuffleArgs): PixelShuffle => new PixelShuffle(args);
