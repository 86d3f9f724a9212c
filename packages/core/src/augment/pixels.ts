/**
 * Moving pixels: every geometric augmentation is a "pixel map", each output pixel a weighted sum
 * of a few input pixels (4 for bilinear sampling, 1 for an integer shift), fixed when the
 * augmentation is drawn and built in plain arrays from its few numbers per image. Applying a map
 * is a gather of rows of the [N·H·W, C] image table.
 *
 * The gather is tf.gatherND (on wasm about 10x faster than tf.gather, whose gradient would also
 * need UnsortedSegmentSum, a kernel the wasm backend lacks), and nothing in tfjs differentiates a
 * gather's gradient again (R1 through an augmentation is second order). So the gather here carries
 * its own gradient: the adjoint of "out[m] = table[index[m]]" is the scatter-add
 * "grad[r] = Σ_{m: index[m] = r} dy[m]" (tf.scatterND sums duplicate indices on cpu, wasm and
 * webgpu), and the adjoint of that scatter-add is the gather again, to any order.
 */
import * as tf from '@tensorflow/tfjs';

/** Rows `index` of `table`: [R, C] and [M, 1] (int32) -> [M, C]; differentiable in `table` to any order. */
export function gatherRows(table: tf.Tensor2D, index: tf.Tensor2D): tf.Tensor2D {
  const rows = table.shape[0];
  const op = tf.customGrad((input, save) => {
    (save as tf.GradSaveFunc)([index]);
    return {
      value: tf.gatherND(input as tf.Tensor2D, index) as tf.Tensor2D,
      gradFunc: (dy, saved) => scatterAddRows(dy as tf.Tensor2D, saved[0] as tf.Tensor2D, rows),
    };
  });
  return op(table) as tf.Tensor2D;
}

/** The adjoint of gatherRows: out[r] = Σ_{m: index[m] = r} values[m]; [M, C] and [M, 1] -> [rows, C]. */
export function scatterAddRows(values: tf.Tensor2D, index: tf.Tensor2D, rows: number): tf.Tensor2D {
  const op = tf.customGrad((input, save) => {
    (save as tf.GradSaveFunc)([index]);
    const v = input as tf.Tensor2D;
    return {
      value: tf.scatterND(index, v, [rows, v.shape[1]]) as tf.Tensor2D,
      gradFunc: (dy, saved) => gatherRows(dy as tf.Tensor2D, saved[0] as tf.Tensor2D),
    };
  });
  return op(values) as tf.Tensor2D;
}

/**
 * Integer position k mirrored into 0..length-1 without repeating the edge pixel (PyTorch's and
 * NumPy's 'reflect'): ..., 2, 1 | 0, 1, ..., L-1 | L-2, L-3, ...; period 2(L - 1).
 */
export function reflectIndex(k: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  const m = ((k % period) + period) % period;
  return m >= length ? period - m : m;
}

/**
 * Output pixel m of an [N, H', W'] grid reads input rows index[t·M + m] (of the [N·H·W, C] table)
 * with weights weight[t, m], t < taps.
 */
export type PixelMap = { // a type, not an interface: tf.tidy may return it
  /** [taps·M, 1] int32, rows of the [N·H·W, C] input table. */
  index: tf.Tensor2D;
  /** [taps, M, 1]. */
  weight: tf.Tensor3D;
  /** Output grid [N, H', W']. */
  shape: [number, number, number];
};

/** Uploads a map built in plain arrays; `taps` of them. */
function uploadMap(index: Int32Array, weight: Float32Array, taps: number, shape: [number, number, number]): PixelMap {
  const m = shape[0] * shape[1] * shape[2];
  return { index: tf.tensor2d(index, [taps * m, 1], 'int32'), weight: tf.tensor3d(weight, [taps, m, 1]), shape };
}

/** reflectIndex, with the common case (inside the image) first. */
const mirror = (k: number, length: number): number => (k >= 0 && k < length ? k : reflectIndex(k, length));

/**
 * Bilinear sampling of affine maps with reflect padding: output pixel (n, i, j) is the bilinear
 * interpolation of image n at G⁻¹ₙ·(j - c_x, i - c_y, 1) + (c_x, c_y), c = ((W-1)/2, (H-1)/2) (pixel
 * centres at integers, G⁻¹ about the image centre), each of the 4 neighbours mirrored into the
 * image (reflectIndex). Where every position of the batch is a whole pixel the map has one tap
 * and copies pixels exactly.
 * @param shape [N, H, W]: the batch, output the same size
 * @param inverse G⁻¹ per image, 3 x 3 row-major
 */
export function affineMap(shape: [number, number, number], inverse: readonly (readonly number[])[]): PixelMap {
  const [n, height, width] = shape;
  const [cx, cy] = [(width - 1) / 2, (height - 1) / 2];
  const m = n * height * width;
  const index = new Int32Array(4 * m);
  const weight = new Float32Array(4 * m);
  let whole = true;
  let p = 0;
  for (let b = 0; b < n; b++) {
    const [g0, g1, g2, g3, g4, g5] = inverse[b]! as [number, number, number, number, number, number];
    const base = b * height * width;
    for (let i = 0; i < height; i++) {
      const yc = i - cy;
      for (let j = 0; j < width; j++, p++) {
        const xc = j - cx;
        const x = g0 * xc + g1 * yc + g2 + cx;
        const y = g3 * xc + g4 * yc + g5 + cy;
        const x0 = Math.floor(x);
        const y0 = Math.floor(y);
        const fx = x - x0;
        const fy = y - y0;
        if (fx !== 0 || fy !== 0) whole = false;
        const c0 = mirror(x0, width);
        const c1 = mirror(x0 + 1, width);
        const r0 = base + mirror(y0, height) * width;
        const r1 = base + mirror(y0 + 1, height) * width;
        index[p] = r0 + c0;
        index[m + p] = r0 + c1;
        index[2 * m + p] = r1 + c0;
        index[3 * m + p] = r1 + c1;
        weight[p] = (1 - fy) * (1 - fx);
        weight[m + p] = (1 - fy) * fx;
        weight[2 * m + p] = fy * (1 - fx);
        weight[3 * m + p] = fy * fx;
      }
    }
  }
  return whole ? uploadMap(index.subarray(0, m), weight.subarray(0, m), 1, shape) : uploadMap(index, weight, 4, shape);
}

/**
 * Integer shifts with zero fill: output pixel (n, i, j) is input pixel (n, i - dy[n], j - dx[n]),
 * or 0 where that lies outside the image.
 * @param shape [N, H, W]
 */
export function shiftMap(shape: [number, number, number], dx: number[], dy: number[]): PixelMap {
  const [n, height, width] = shape;
  const index = new Int32Array(n * height * width);
  const weight = new Float32Array(n * height * width);
  let p = 0;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++, p++) {
        const [row, col] = [i - dy[b]!, j - dx[b]!];
        const inside = row >= 0 && row < height && col >= 0 && col < width;
        index[p] = inside ? b * height * width + row * width + col : 0;
        weight[p] = inside ? 1 : 0;
      }
    }
  }
  return uploadMap(index, weight, 1, shape);
}

/** Applies a pixel map: [N, H, W, C] -> [N, H', W', C], Σ_t weight[t] · table[index[t]]. */
export function remap(images: tf.Tensor4D, map: PixelMap): tf.Tensor4D {
  const [n, height, width, channels] = images.shape;
  const taps = map.weight.shape[0];
  return tf.tidy(() => {
    const table = tf.reshape(images, [n * height * width, channels]) as tf.Tensor2D;
    const gathered = tf.reshape(gatherRows(table, map.index), [taps, -1, channels]); // [taps, M, C]
    const mixed = taps === 1 ? tf.mul(gathered, map.weight) : tf.sum(tf.mul(gathered, map.weight), 0);
    return tf.reshape(mixed, [...map.shape, channels]) as tf.Tensor4D;
  });
}

/** Frees a pixel map's tensors. */
export const disposeMap = (map: PixelMap): void => tf.dispose([map.index, map.weight]);
