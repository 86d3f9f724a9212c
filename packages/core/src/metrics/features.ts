/**
 * Feature sets: the rows of activations (e.g. a classifier's penultimate layer) that the
 * distribution metrics compare. Row-major, one row per image.
 */
import * as tf from '@tensorflow/tfjs';

/** `count` feature vectors of `dim` numbers each, row-major: row i is data[i * dim ... (i + 1) * dim). */
export interface FeatureSet {
  count: number;
  dim: number;
  data: Float32Array | Float64Array;
}

/** A feature set from an array of equal-length rows. */
export function featureSet(rows: readonly (readonly number[])[]): FeatureSet {
  const dim = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * dim);
  rows.forEach((row, i) => {
    if (row.length !== dim) throw new Error(`feature rows differ in length: row 0 has ${dim}, row ${i} has ${row.length}`);
    data.set(row, i * dim);
  });
  return { count: rows.length, dim, data };
}

/** Reads a [count, dim] tensor into a feature set (the tensor stays the caller's). */
export async function featuresFromTensor(features: tf.Tensor2D): Promise<FeatureSet> {
  if (features.rank !== 2) throw new Error(`features must be a [count, dim] tensor; got shape [${features.shape.join(', ')}]`);
  const [count, dim] = features.shape;
  return { count, dim, data: (await features.data()) as Float32Array };
}

/** Rows `indices` of a feature set, as a new one. */
export function selectRows(features: FeatureSet, indices: ArrayLike<number>): FeatureSet {
  const { dim } = features;
  const data = new Float64Array(indices.length * dim);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    data.set(features.data.subarray(r * dim, (r + 1) * dim), i * dim);
  }
  return { count: indices.length, dim, data };
}

/** Throws unless both sets have rows of the same length and at least `minCount` rows each. */
export function checkFeatureSets(what: string, a: FeatureSet, b: FeatureSet, minCount: number): void {
  if (a.dim !== b.dim) throw new Error(`${what} needs features of one size; got ${a.dim} and ${b.dim} numbers per row`);
  if (a.count < minCount || b.count < minCount) {
    throw new Error(`${what} needs at least ${minCount} feature rows in each set; got ${a.count} and ${b.count}`);
  }
  if (a.data.length !== a.count * a.dim || b.data.length !== b.count * b.dim) {
    throw new Error(`${what}: a feature set's data length is not count x dim`);
  }
}

/**
 * Calls `visit(rowStart, block)` with blocks of inner products A Bᵀ computed by tfjs in float32:
 * block[(i - rowStart) * b.count + j] = a_i · b_j for rows i of one block of `blockRows` rows.
 * Float32 products are enough for kernel sums and nearest-neighbour radii; callers accumulate in
 * float64.
 */
export async function innerProductBlocks(
  a: FeatureSet,
  b: FeatureSet,
  visit: (rowStart: number, rows: number, block: Float32Array) => void,
  blockRows = 1024,
): Promise<void> {
  const bt = tf.tidy(() => tf.transpose(tf.tensor2d(Float32Array.from(b.data), [b.count, b.dim]))); // [dim, nb]
  try {
    for (let start = 0; start < a.count; start += blockRows) {
      const rows = Math.min(blockRows, a.count - start);
      const rowsData = Float32Array.from(a.data.subarray(start * a.dim, (start + rows) * a.dim));
      const product = tf.tidy(() => tf.matMul(tf.tensor2d(rowsData, [rows, a.dim]), bt)); // [rows, nb]
      const block = (await product.data()) as Float32Array;
      product.dispose();
      visit(start, rows, block);
    }
  } finally {
    bt.dispose();
  }
}

/** Squared norms of the rows, in float64. */
export function squaredNorms(features: FeatureSet): Float64Array {
  const { count, dim, data } = features;
  const norms = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let k = i * dim; k < (i + 1) * dim; k++) s += data[k]! * data[k]!;
    norms[i] = s;
  }
  return norms;
}
