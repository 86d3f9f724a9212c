/**
 * Kernel distance (KID; Bińkowski, Sutherland, Arbel & Gretton 2018, "Demystifying MMD GANs"):
 * the unbiased estimator of the squared maximum mean discrepancy with the cubic polynomial kernel
 * k(x, y) = (xᵀy / d + 1)³, averaged over random subsets of both sets. Unlike the Fréchet distance
 * it is unbiased in the sample size, so it can come out slightly negative for equal distributions.
 * On ganforge's classifier features this is not the Inception "KID" of the papers; reports say so.
 */
import { deriveSeed, permutation } from '../random/rng.js';
import { checkFeatureSets, innerProductBlocks, selectRows, type FeatureSet } from './features.js';

/** Options of {@link kernelDistance}. */
export interface KernelDistanceOptions {
  /** Number of random subset pairs averaged; default 100 (Bińkowski et al.'s reference code). */
  subsets?: number;
  /** Rows drawn from each set per subset, without replacement; default 1000, capped at the smaller set. */
  subsetSize?: number;
  /** Seed of the subset draws; default 0. */
  seed?: number;
}

/** KID's mean over subsets and the standard deviation of the subset estimates. */
export interface KernelDistance {
  mean: number;
  std: number;
  subsets: number;
  subsetSize: number;
}

const cubic = (dot: number, dim: number) => (dot / dim + 1) ** 3;

/**
 * Unbiased MMD² of two feature sets with the cubic kernel, on all rows:
 * 1/(m(m-1)) Σ_{i≠j} k(xi, xj) + 1/(n(n-1)) Σ_{i≠j} k(yi, yj) - 2/(mn) Σ_{i,j} k(xi, yj).
 */
export async function polynomialMmd(x: FeatureSet, y: FeatureSet): Promise<number> {
  checkFeatureSets('polynomialMmd', x, y, 2);
  const { dim } = x;
  const offDiagonalSum = async (s: FeatureSet) => {
    let sum = 0;
    await innerProductBlocks(s, s, (start, rows, block) => {
      for (let r = 0; r < rows; r++) {
        const i = start + r;
        for (let j = 0; j < s.count; j++) if (j !== i) sum += cubic(block[r * s.count + j]!, dim);
      }
    });
    return sum;
  };
  let cross = 0;
  await innerProductBlocks(x, y, (_start, rows, block) => {
    for (let k = 0; k < rows * y.count; k++) cross += cubic(block[k]!, dim);
  });
  const m = x.count;
  const n = y.count;
  return (await offDiagonalSum(x)) / (m * (m - 1)) + (await offDiagonalSum(y)) / (n * (n - 1)) - (2 * cross) / (m * n);
}

/** KID between two feature sets: the mean (and spread) of {@link polynomialMmd} over random subsets. */
export async function kernelDistance(x: FeatureSet, y: FeatureSet, options: KernelDistanceOptions = {}): Promise<KernelDistance> {
  checkFeatureSets('kernelDistance', x, y, 2);
  const subsetSize = Math.min(options.subsetSize ?? 1000, x.count, y.count);
  // Subsets as large as both sets are both sets, every time: one estimate says it all.
  const subsets = subsetSize === x.count && subsetSize === y.count ? 1 : (options.subsets ?? 100);
  const seed = options.seed ?? 0;
  const estimates: number[] = [];
  for (let s = 0; s < subsets; s++) {
    const xs = selectRows(x, permutation(x.count, deriveSeed(seed, s, 1)).subarray(0, subsetSize));
    const ys = selectRows(y, permutation(y.count, deriveSeed(seed, s, 2)).subarray(0, subsetSize));
    estimates.push(await polynomialMmd(xs, ys));
  }
  const mean = estimates.reduce((a, b) => a + b, 0) / subsets;
  const variance = subsets > 1 ? estimates.reduce((a, e) => a + (e - mean) ** 2, 0) / (subsets - 1) : 0;
  return { mean, std: Math.sqrt(variance), subsets, subsetSize };
}
