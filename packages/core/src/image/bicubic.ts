/**
 * Bicubic resizing of image tensors as MATLAB's imresize(..., 'bicubic') does it, the operation
 * that makes the low-resolution inputs of SR benchmarks (SRCNN, SRGAN, EDSR) and their bicubic
 * baseline:
 * - Keys' cubic convolution kernel with a = -0.5 (Keys 1981);
 * - half-pixel centres: output pixel o samples input coordinate (o + 0.5) / scale - 0.5;
 * - antialiasing when shrinking: the kernel is stretched by 1 / scale (16 taps at x1/4), so it
 *   low-pass filters like PIL's and MATLAB's default; enlarging uses the plain 4-tap kernel;
 * - edges: symmetric padding that repeats the edge pixel (x[-1] = x[0], x[-2] = x[1]), MATLAB's
 *   rule. PIL instead drops taps outside the image and renormalises, so the two differ only within
 *   2 / scale pixels of an edge;
 * - no clamping or rounding: results may overshoot the input range (clamp where it matters).
 *
 * Separable and exact: each axis is one matrix product with an [out, in] weight matrix, so it runs
 * on every backend (browser and Node) and is differentiable.
 */
import * as tf from '@tensorflow/tfjs';

/** Keys' cubic convolution kernel, a = -0.5 (Catmull-Rom-like; reproduces quadratics). */
export function keysCubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t <= 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  return 0;
}

/** Index `j` of an axis of length `n` under symmetric padding with the edge repeated. */
function reflect(j: number, n: number): number {
  const period = 2 * n;
  const m = ((j % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

/**
 * The [outSize, inSize] row-major matrix that resizes one axis: output o = Σ_i w[o, i] · input i.
 * Each row sums to 1.
 * @param antialias stretch the kernel when shrinking (default true, as MATLAB and PIL)
 */
export function bicubicWeights(inSize: number, outSize: number, antialias = true): Float32Array {
  if (!Number.isInteger(inSize) || !Number.isInteger(outSize) || inSize < 1 || outSize < 1) {
    throw new Error(`bicubic resize needs whole sizes of 1 or more, got ${inSize} -> ${outSize}`);
  }
  const scale = outSize / inSize;
  const stretch = antialias && scale < 1 ? scale : 1; // kernel(x) -> stretch · kernel(stretch · x)
  const support = 2 / stretch;
  const weights = new Float64Array(outSize * inSize);
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) / scale - 0.5;
    const first = Math.floor(centre - support) + 1;
    const last = Math.ceil(centre + support) - 1;
    let total = 0;
    const row = o * inSize;
    for (let j = first; j <= last; j++) {
      const w = stretch * keysCubic(stretch * (centre - j));
      if (w === 0) continue;
      weights[row + reflect(j, inSize)]! += w;
      total += w;
    }
    for (let i = 0; i < inSize; i++) weights[row + i]! /= total;
  }
  return Float32Array.from(weights);
}

export interface BicubicOptions {
  /** Low-pass when shrinking, as MATLAB's imresize and PIL do. Default true. */
  antialias?: boolean;
}

/**
 * Resizes a batch of images with bicubic interpolation (see the module comment for the exact
 * convention). [N, H, W, C] -> [N, height, width, C]; any value range. Caller disposes.
 */
export function bicubicResize(images: tf.Tensor4D, size: [height: number, width: number], options: BicubicOptions = {}): tf.Tensor4D {
  const [n, inH, inW, c] = images.shape;
  const [outH, outW] = size;
  const antialias = options.antialias ?? true;
  return tf.tidy(() => {
    let x = tf.cast(images, 'float32') as tf.Tensor4D;
    if (outH !== inH) {
      const wy = tf.tensor2d(bicubicWeights(inH, outH, antialias), [outH, inH]);
      const rows = tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [inH, n * inW * c]); // [H, N·W·C]
      x = tf.transpose(tf.reshape(tf.matMul(wy, rows), [outH, n, inW, c]), [1, 0, 2, 3]); // [N, outH, W, C]
    }
    if (outW !== inW) {
      const wx = tf.tensor2d(bicubicWeights(inW, outW, antialias), [outW, inW]);
      const columns = tf.reshape(tf.transpose(x, [2, 0, 1, 3]), [inW, n * outH * c]); // [W, N·outH·C]
      x = tf.transpose(tf.reshape(tf.matMul(wx, columns), [outW, n, outH, c]), [1, 2, 0, 3]); // [N, outH, outW, C]
    }
    return outH === inH && outW === inW ? tf.clone(x) : x;
  });
}
