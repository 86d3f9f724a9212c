/**
 * Moving pixels: every geometric augmentation is a "pixel map", each output pixel a weighted sum
 * of a few input pixels (4 for bilinear sampling, 1 for an integer shift), fixed when the
 * augmentation is drawn. Applying a map is a gather of rows of the [N·H·W, C] image table.
 *
 * tfjs' gradient of gather needs UnsortedSegmentSum, which the wasm backend lacks, and nothing
 * differentiates its gradient again (R1 through an augmentation is second order). So the gather
 * here carries its own gradient: the adjoint of "out[m] = table[index[m]]" is the scatter-add
 * "grad[r] = Σ_{m: index[m] = r} dy[m]" (tf.scatterND sums duplicate indices on cpu, wasm and
 * webgpu), and the adjoint of that scatter-add is the gather again, to any order.
 */
import * as tf from '@tensorflow/tfjs';

/** Rows `index` of `table`: [R, C] and [M] (int32) -> [M, C]; differentiable in `table` to any order. */
export function gatherRows(table: tf.Tensor2D, index: tf.Tensor1D): tf.Tensor2D {
  const rows = table.shape[0];
  const op = tf.customGrad((input, save) => {
    (save as tf.GradSaveFunc)([index]);
    return {
      value: tf.gather(input as tf.Tensor2D, index),
      gradFunc: (dy, saved) => scatterAddRows(dy as tf.Tensor2D, saved[0] as tf.Tensor1D, rows),
    };
  });
  return op(table) as tf.Tensor2D;
}

/** The adjoint of gatherRows: out[r] = Σ_{m: index[m] = r} values[m]; [M, C] -> [rows, C]. */
export function scatterAddRows(values: tf.Tensor2D, index: tf.Tensor1D, rows: number): tf.Tensor2D {
  const op = tf.customGrad((input, save) => {
    (save as tf.GradSaveFunc)([index]);
    const v = input as tf.Tensor2D;
    return {
      value: tf.scatterND(tf.expandDims(index, 1), v, [rows, v.shape[1]]) as tf.Tensor2D,
      gradFunc: (dy, saved) => gatherRows(dy as tf.Tensor2D, saved[0] as tf.Tensor1D),
    };
  });
  return op(values) as tf.Tensor2D;
}

/**
 * Integer positions mirrored into 0..length-1 without repeating the edge pixel (PyTorch's and
 * NumPy's 'reflect'): ..., 2, 1 | 0, 1, ..., L-1 | L-2, L-3, ...; period 2(L - 1).
 * @param k any shape, integer values (float32)
 */
export function reflectIndex(k: tf.Tensor, length: number): tf.Tensor {
  if (length === 1) return tf.zerosLike(k);
  return tf.tidy(() => {
    const period = 2 * (length - 1);
    const m = tf.sub(k, tf.mul(tf.floor(tf.div(k, period)), period)); // k mod period, in [0, period)
    return tf.where(tf.greaterEqual(m, length), tf.sub(period, m), m);
  });
}

/**
 * Output pixel m of an [N, H', W'] grid reads input rows index[t·M + m] (of the [N·H·W, C] table)
 * with weights weight[t, m], t < taps.
 */
export type PixelMap = { // a type, not an interface: tf.tidy may return it
  /** [taps·M] int32, rows of the [N·H·W, C] input table. */
  index: tf.Tensor1D;
  /** [taps, M, 1]. */
  weight: tf.Tensor3D;
  /** Output grid [N, H', W']. */
  shape: [number, number, number];
};

/** Row of pixel (row, col) of image n in the [N·H·W, C] table: n·H·W + row·W + col. int32. */
function tableRow(row: tf.Tensor, col: tf.Tensor, n: number, height: number, width: number): tf.Tensor {
  const int = (v: number) => tf.scalar(v, 'int32'); // a bare number would make the sum float32
  const image = tf.reshape(tf.mul(tf.range(0, n, 1, 'int32'), int(height * width)), [n, 1, 1]); // [N, 1, 1]
  return tf.add(image, tf.add(tf.mul(tf.cast(row, 'int32'), int(width)), tf.cast(col, 'int32')));
}

/**
 * Bilinear sampling at source positions with reflect padding: output pixel (n, i, j) is the
 * bilinear interpolation of image n at column x[n, i, j] and row y[n, i, j] (pixel centres at
 * integers), each of the 4 neighbours mirrored into the image as reflectIndex does. At integer
 * positions it copies pixels exactly (weights 1, 0, 0, 0).
 * @param x [N, H', W'] source columns
 * @param y [N, H', W'] source rows
 * @param height rows H of the input images
 * @param width columns W of the input images
 */
export function bilinearMap(x: tf.Tensor3D, y: tf.Tensor3D, height: number, width: number): PixelMap {
  const [n, outHeight, outWidth] = x.shape;
  return tf.tidy(() => {
    const x0 = tf.floor(x);
    const y0 = tf.floor(y);
    const fx = tf.sub(x, x0); // [N, H', W'] in [0, 1)
    const fy = tf.sub(y, y0);
    const cols = [reflectIndex(x0, width), reflectIndex(tf.add(x0, 1), width)];
    const rows = [reflectIndex(y0, height), reflectIndex(tf.add(y0, 1), height)];
    const index = tf.stack([
      tableRow(rows[0]!, cols[0]!, n, height, width),
      tableRow(rows[0]!, cols[1]!, n, height, width),
      tableRow(rows[1]!, cols[0]!, n, height, width),
      tableRow(rows[1]!, cols[1]!, n, height, width),
    ]); // [4, N, H', W']
    const gx = tf.sub(1, fx);
    const gy = tf.sub(1, fy);
    const weight = tf.stack([tf.mul(gy, gx), tf.mul(gy, fx), tf.mul(fy, gx), tf.mul(fy, fx)]); // [4, N, H', W']
    const m = n * outHeight * outWidth;
    return {
      index: tf.reshape(index, [4 * m]) as tf.Tensor1D,
      weight: tf.reshape(weight, [4, m, 1]) as tf.Tensor3D,
      shape: [n, outHeight, outWidth] as [number, number, number],
    };
  });
}

/**
 * Integer shifts with zero fill: output pixel (n, i, j) is input pixel (n, i - dy[n], j - dx[n]),
 * or 0 where that lies outside the image.
 * @param dx [N] int-valued column shifts (float32)
 * @param dy [N] int-valued row shifts (float32)
 */
export function shiftMap(dx: tf.Tensor1D, dy: tf.Tensor1D, height: number, width: number): PixelMap {
  const n = dx.shape[0];
  return tf.tidy(() => {
    const rows = tf.sub(tf.reshape(tf.range(0, height, 1, 'float32'), [1, height, 1]), tf.reshape(dy, [n, 1, 1])); // [N, H, 1]
    const cols = tf.sub(tf.reshape(tf.range(0, width, 1, 'float32'), [1, 1, width]), tf.reshape(dx, [n, 1, 1])); // [N, 1, W]
    const inside = (v: tf.Tensor, size: number) => tf.logicalAnd(tf.greaterEqual(v, 0), tf.less(v, size));
    const valid = tf.cast(tf.logicalAnd(inside(rows, height), inside(cols, width)), 'float32'); // [N, H, W]
    const clamp = (v: tf.Tensor, size: number) => tf.broadcastTo(tf.clipByValue(v, 0, size - 1), [n, height, width]);
    const m = n * height * width;
    return {
      index: tf.reshape(tableRow(clamp(rows, height), clamp(cols, width), n, height, width), [m]) as tf.Tensor1D,
      weight: tf.reshape(valid, [1, m, 1]) as tf.Tensor3D,
      shape: [n, height, width] as [number, number, number],
    };
  });
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
