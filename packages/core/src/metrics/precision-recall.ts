/**
 * Improved precision and recall (Kynkäänniemi, Karras, Laine, Lehtinen & Aila 2019): each set's
 * manifold is the union of balls around its points, each ball reaching the point's k-th nearest
 * neighbour in the same set (k = 3 in the paper). Precision is the share of generated samples
 * inside the real manifold (quality); recall the share of real samples inside the generated
 * manifold (coverage). Euclidean distances; pairwise products by tfjs in float32.
 */
import { checkFeatureSets, innerProductBlocks, selectRows, squaredNorms, type FeatureSet } from './features.js';

/** Options of {@link precisionRecall}. */
export interface PrecisionRecallOptions {
  /** Neighbour whose distance sets each ball's radius; default 3 (the paper's). */
  k?: number;
}

/** Precision and recall, each in [0, 1]. */
export interface PrecisionRecall {
  precision: number;
  recall: number;
  k: number;
}

/** Squared distance to each row's k-th nearest other row of the same set. */
async function kthNeighbourRadii(set: FeatureSet, k: number): Promise<Float64Array> {
  const norms = squaredNorms(set);
  const radii = new Float64Array(set.count);
  const nearest = new Float64Array(k); // the k smallest distances of one row, ascending
  await innerProductBlocks(set, set, (start, rows, block) => {
    for (let r = 0; r < rows; r++) {
      const i = start + r;
      nearest.fill(Infinity);
      for (let j = 0; j < set.count; j++) {
        if (j === i) continue;
        const d = Math.max(0, norms[i]! + norms[j]! - 2 * block[r * set.count + j]!);
        if (d >= nearest[k - 1]!) continue;
        let p = k - 1;
        while (p > 0 && nearest[p - 1]! > d) {
          nearest[p] = nearest[p - 1]!;
          p -= 1;
        }
        nearest[p] = d;
      }
      radii[i] = nearest[k - 1]!;
    }
  });
  return radii;
}

/** Share of the rows of `queries` within the k-NN ball of at least one row of `manifold`. */
async function coverage(queries: FeatureSet, manifold: FeatureSet, radii: Float64Array): Promise<number> {
  const qNorms = squaredNorms(queries);
  const mNorms = squaredNorms(manifold);
  let inside = 0;
  await innerProductBlocks(queries, manifold, (start, rows, block) => {
    for (let r = 0; r < rows; r++) {
      const q = qNorms[start + r]!;
      for (let j = 0; j < manifold.count; j++) {
        if (q + mNorms[j]! - 2 * block[r * manifold.count + j]! <= radii[j]!) {
          inside += 1;
          break;
        }
      }
    }
  });
  return inside / queries.count;
}

/** Both sets minus the mean of all their rows, in float64. */
function centred(a: FeatureSet, b: FeatureSet): [FeatureSet, FeatureSet] {
  const { dim } = a;
  const mean = new Float64Array(dim);
  for (const set of [a, b]) for (let k = 0; k < set.data.length; k++) mean[k % dim]! += set.data[k]!;
  for (let d = 0; d < dim; d++) mean[d]! /= a.count + b.count;
  const shift = (set: FeatureSet): FeatureSet => ({ ...set, data: Float64Array.from(set.data, (v, k) => v - mean[k % dim]!) });
  return [shift(a), shift(b)];
}

/** Improved precision and recall of generated features against real ones. */
export async function precisionRecall(real: FeatureSet, fake: FeatureSet, options: PrecisionRecallOptions = {}): Promise<PrecisionRecall> {
  const k = options.k ?? 3;
  if (!Number.isInteger(k) || k < 1) throw new Error(`precisionRecall needs k, a positive integer; got ${k}`);
  checkFeatureSets('precisionRecall', real, fake, k + 1);
  // Distances do not change when both sets move together; centring them on their joint mean keeps
  // |a|² + |b|² - 2 a·b from cancelling large norms in float32.
  [real, fake] = centred(real, fake);
  const precision = await coverage(fake, real, await kthNeighbourRadii(real, k));
  const recall = await coverage(real, fake, await kthNeighbourRadii(fake, k));
  return { precision, recall, k };
}

/** Precision and recall of each class's samples against that class's real images. */
export interface ClassPrecisionRecall {
  precision: number[];
  recall: number[];
  /** Rows compared per class (the smaller of its real and generated counts). */
  counts: number[];
  k: number;
}

/** The rows of a set whose label is `c`, at most `limit`. */
const rowsOfClass = (set: FeatureSet, labels: ArrayLike<number>, c: number, limit: number): FeatureSet => {
  const indices: number[] = [];
  for (let i = 0; i < labels.length && indices.length < limit; i++) if (labels[i] === c) indices.push(i);
  return selectRows(set, indices);
};

/**
 * Precision and recall class by class: the samples asked for class c against the real images of
 * class c, equal counts per class. A generator that draws one image per class reaches class
 * accuracy 100% and pooled precision 1, but recall near 0 in every class; one that collapses inside
 * a single class shows only in that class's recall.
 */
export async function classPrecisionRecall(
  real: FeatureSet,
  realLabels: ArrayLike<number>,
  fake: FeatureSet,
  fakeLabels: ArrayLike<number>,
  classes: number,
  options: PrecisionRecallOptions = {},
): Promise<ClassPrecisionRecall> {
  if (realLabels.length !== real.count || fakeLabels.length !== fake.count) {
    throw new Error(`classPrecisionRecall needs one label per row; got ${realLabels.length} labels for ${real.count} real rows and ${fakeLabels.length} for ${fake.count} generated`);
  }
  const result: ClassPrecisionRecall = { precision: [], recall: [], counts: [], k: options.k ?? 3 };
  const countOf = (labels: ArrayLike<number>, c: number) => Array.prototype.filter.call(labels, (label: number) => label === c).length;
  for (let c = 0; c < classes; c++) {
    const count = Math.min(countOf(realLabels, c), countOf(fakeLabels, c));
    const pr = await precisionRecall(rowsOfClass(real, realLabels, c, count), rowsOfClass(fake, fakeLabels, c, count), options);
    result.precision.push(pr.precision);
    result.recall.push(pr.recall);
    result.counts.push(count);
  }
  return result;
}
