/**
 * Fréchet distance between two feature sets, each summarised as a Gaussian (Heusel et al. 2017,
 * "GANs trained by a two time-scale update rule converge to a local Nash equilibrium"):
 *   FD = |μ1 - μ2|² + tr(Σ1 + Σ2 - 2 (Σ1^½ Σ2 Σ1^½)^½).
 * On Inception-v3 pool features this is "FID"; ganforge computes it on the features of its own
 * small classifiers, so its values are NOT FIDs and are never labelled as such. All in float64.
 */
import { checkFeatureSets, type FeatureSet } from './features.js';
import { matMul, symmetricEigen, symmetricSqrt } from './linalg.js';

/** Mean and covariance of a feature set (covariance with n - 1, as numpy.cov and pytorch-fid). */
export interface GaussianStats {
  dim: number;
  mean: Float64Array;
  /** Row-major dim x dim. */
  covariance: Float64Array;
}

/** Mean and unbiased covariance (divided by n - 1) of the rows of a feature set with at least 2 rows. */
export function gaussianStats(features: FeatureSet): GaussianStats {
  const { count, dim, data } = features;
  if (count < 2) throw new Error(`gaussianStats needs at least 2 feature rows; got ${count}`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let d = 0; d < dim; d++) mean[d]! += data[i * dim + d]!;
  for (let d = 0; d < dim; d++) mean[d]! /= count;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dim; d++) centred[d] = data[i * dim + d]! - mean[d]!;
    for (let p = 0; p < dim; p++) {
      const cp = centred[p]!;
      if (cp === 0) continue;
      for (let q = p; q < dim; q++) covariance[p * dim + q]! += cp * centred[q]!;
    }
  }
  for (let p = 0; p < dim; p++) {
    for (let q = p; q < dim; q++) {
      const c = covariance[p * dim + q]! / (count - 1);
      covariance[p * dim + q] = c;
      covariance[q * dim + p] = c;
    }
  }
  return { dim, mean, covariance };
}

/**
 * Fréchet distance of two Gaussians. tr((Σ1 Σ2)^½) is computed as the sum of the square roots of
 * the eigenvalues of the symmetric Σ1^½ Σ2 Σ1^½ (same eigenvalues as Σ1 Σ2), by Jacobi rotations;
 * rounding's tiny negative eigenvalues count as 0. Result clamped at 0.
 */
export function frechetDistanceFromStats(a: GaussianStats, b: GaussianStats): number {
  const n = a.dim;
  if (b.dim !== n) throw new Error(`frechetDistance needs features of one size; got ${a.dim} and ${b.dim}`);
  let meanTerm = 0;
  let traces = 0;
  for (let d = 0; d < n; d++) {
    meanTerm += (a.mean[d]! - b.mean[d]!) ** 2;
    traces += a.covariance[d * n + d]! + b.covariance[d * n + d]!;
  }
  const rootA = symmetricSqrt(a.covariance, n);
  const middle = matMul(matMul(rootA, b.covariance, n), rootA, n); // Σ1^½ Σ2 Σ1^½, symmetric PSD
  const { values } = symmetricEigen(middle, n);
  let traceRoot = 0;
  for (const l of values) traceRoot += Math.sqrt(Math.max(l, 0));
  return Math.max(0, meanTerm + traces - 2 * traceRoot);
}

/** Fréchet distance between the Gaussians fitted to two feature sets (at least 2 rows each). */
export function frechetDistance(a: FeatureSet, b: FeatureSet): number {
  checkFeatureSets('frechetDistance', a, b, 2);
  return frechetDistanceFromStats(gaussianStats(a), gaussianStats(b));
}
