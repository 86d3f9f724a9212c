// Fréchet distance, KID and precision/recall against closed forms and hand-built point sets.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';
import { featureSet, type FeatureSet } from '../src/metrics/features.js';
import { frechetDistance, frechetDistanceFromStats, gaussianStats } from '../src/metrics/frechet.js';
import { kernelDistance, polynomialMmd } from '../src/metrics/kernel-distance.js';
import { symmetricEigen, symmetricSqrt } from '../src/metrics/linalg.js';
import { precisionRecall } from '../src/metrics/precision-recall.js';
import { mulberry32 } from '../src/random/rng.js';

/** `count` samples of N(mean, L Lᵀ) (L lower-triangular, row-major), seeded. */
function gaussianSamples(count: number, mean: number[], chol: number[], seed: number): FeatureSet {
  const dim = mean.length;
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const data = new Float64Array(count * dim);
  const z = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dim; d++) z[d] = normal();
    for (let r = 0; r < dim; r++) {
      let s = mean[r]!;
      for (let c = 0; c <= r; c++) s += chol[r * dim + c]! * z[c]!;
      data[i * dim + r] = s;
    }
  }
  return { count, dim, data };
}

const stats = (mean: number[], covariance: number[]) => ({ dim: mean.length, mean: Float64Array.from(mean), covariance: Float64Array.from(covariance) });

describe('linear algebra', () => {
  it('Jacobi eigendecomposition reconstructs a symmetric matrix with orthonormal vectors', () => {
    const n = 6;
    const random = mulberry32(3);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = random() * 2 - 1;
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rebuilt = 0;
        let gram = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
          gram += vectors[k * n + i]! * vectors[k * n + j]!;
        }
        expect(rebuilt).toBeCloseTo(a[i * n + j]!, 10);
        expect(gram).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
  });

  it('the square root of [[5, 4], [4, 5]] is [[2, 1], [1, 2]]', () => {
    expect(Array.from(symmetricSqrt(Float64Array.from([5, 4, 4, 5]), 2))).toEqual([2, 1, 1, 2].map((v) => expect.closeTo(v, 12)));
  });
});

describe('Fréchet distance', () => {
  it('mean and covariance (n - 1) of a tiny set', () => {
    const s = gaussianStats(featureSet([[1, 2], [3, 2], [5, 8]]));
    expect(Array.from(s.mean)).toEqual([3, 4]);
    // deviations (-2, -2), (0, -2), (2, 4): sums of products 8, 12; 12, 24; divided by 2
    expect(Array.from(s.covariance)).toEqual([4, 6, 6, 12]);
  });

  it('is 0 for two identical sets', () => {
    const a = gaussianSamples(500, [1, -2, 0.5, 3], [1, 0, 0, 0, 0.5, 2, 0, 0, -1, 0.3, 0.7, 0, 0.2, 0.2, 0.2, 1.5], 11);
    expect(frechetDistance(a, a)).toBeCloseTo(0, 8);
  });

  it('of two Gaussians matches the closed form', () => {
    // Diagonal covariances commute: |Δμ|² + Σ (σ1 - σ2)².
    expect(frechetDistanceFromStats(stats([0, 0], [4, 0, 0, 9]), stats([1, 2], [1, 0, 0, 16]))).toBeCloseTo(5 + 1 + 1, 10);
    // Non-commuting 2 x 2: tr √M = √(tr M + 2 √det M) with M = Σ1^½ Σ2 Σ1^½, tr M = tr Σ1Σ2, det M = det Σ1 det Σ2.
    const s1 = [2, 1, 1, 3];
    const s2 = [1, -0.5, -0.5, 4];
    const trProduct = s1[0]! * s2[0]! + s1[1]! * s2[2]! + s1[2]! * s2[1]! + s1[3]! * s2[3]!;
    const det = (s1[0]! * s1[3]! - s1[1]! ** 2) * (s2[0]! * s2[3]! - s2[1]! ** 2);
    const expected = 0.5 ** 2 + 1 + (2 + 3) + (1 + 4) - 2 * Math.sqrt(trProduct + 2 * Math.sqrt(det));
    expect(frechetDistanceFromStats(stats([0, 0], s1), stats([0.5, -1], s2))).toBeCloseTo(expected, 10);
  });

  it('of samples approaches the closed form of their Gaussians', () => {
    // Σ1 = L1 L1ᵀ = [[1, 0.5], [0.5, 1.25]], Σ2 = L2 L2ᵀ = [[4, 2], [2, 2]], means (0, 0) and (1, 1).
    const a = gaussianSamples(20000, [0, 0], [1, 0, 0.5, 1], 1);
    const b = gaussianSamples(20000, [1, 1], [2, 0, 1, 1], 2);
    const closed = frechetDistanceFromStats(stats([0, 0], [1, 0.5, 0.5, 1.25]), stats([1, 1], [4, 2, 2, 2]));
    expect(closed).toBeGreaterThan(2);
    expect(frechetDistance(a, b)).toBeCloseTo(closed, 1);
  });

  it('needs rows of one size', () => {
    expect(() => frechetDistance(featureSet([[1], [2]]), featureSet([[1, 2], [3, 4]]))).toThrow(/one size; got 1 and 2/);
  });
});

describe('kernel distance (KID)', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('the unbiased estimator matches its definition on tiny sets', async () => {
    const x = [[1, 0], [0, 2], [-1, 1]];
    const y = [[2, 2], [0, -1], [1, 1], [3, 0]];
    const k = (a: number[], b: number[]) => ((a[0]! * b[0]! + a[1]! * b[1]!) / 2 + 1) ** 3;
    let xx = 0;
    let yy = 0;
    let xy = 0;
    x.forEach((a, i) => x.forEach((b, j) => (xx += i === j ? 0 : k(a, b))));
    y.forEach((a, i) => y.forEach((b, j) => (yy += i === j ? 0 : k(a, b))));
    x.forEach((a) => y.forEach((b) => (xy += k(a, b))));
    const expected = xx / 6 + yy / 12 - (2 * xy) / 12;
    const before = tf.memory().numTensors;
    expect(await polynomialMmd(featureSet(x), featureSet(y))).toBeCloseTo(expected, 4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is about 0 for one distribution (unbiased) and clearly positive for two', async () => {
    const chol = [1, 0, 0, 0.3, 1, 0, -0.2, 0.1, 1];
    const a = gaussianSamples(3000, [0, 0, 0], chol, 5);
    const b = gaussianSamples(3000, [0, 0, 0], chol, 6);
    const same = await kernelDistance(a, b, { subsets: 40, subsetSize: 100, seed: 1 });
    expect(same.subsetSize).toBe(100);
    const standardError = same.std / Math.sqrt(same.subsets);
    expect(Math.abs(same.mean)).toBeLessThan(3 * standardError);
    const shifted = gaussianSamples(3000, [0.5, 0, 0], chol, 7);
    const different = await kernelDistance(a, shifted, { subsets: 40, subsetSize: 100, seed: 1 });
    expect(different.mean).toBeGreaterThan(10 * standardError);
    // Seeded: the same subsets give the same value.
    expect((await kernelDistance(a, b, { subsets: 40, subsetSize: 100, seed: 1 })).mean).toBe(same.mean);
  });

  it('caps the subset size at the smaller set', async () => {
    const a = gaussianSamples(30, [0, 0], [1, 0, 0, 1], 1);
    const b = gaussianSamples(20, [0, 0], [1, 0, 0, 1], 2);
    const result = await kernelDistance(a, b, { subsets: 2 });
    expect(result.subsetSize).toBe(20);
    expect(result.subsets).toBe(2);
    // Subsets as large as both sets: one estimate, the full-set MMD.
    const whole = await kernelDistance(a, a, { subsets: 5, subsetSize: 30 });
    expect(whole).toMatchObject({ std: 0, subsets: 1, subsetSize: 30 });
    expect(whole.mean).toBeCloseTo(await polynomialMmd(a, a), 10);
  });
});

describe('precision and recall (k-NN manifolds)', () => {
  // Real points (i, 0), i = 0..9: with k = 3 the ball radii are 3 at both ends and 2 elsewhere.
  const real = featureSet(Array.from({ length: 10 }, (_, i) => [i, 0]));

  it('precision is the share of fakes inside some real ball', async () => {
    const fake = featureSet([
      [4.5, 0.5], // 0.71 from (4, 0): inside
      [20, 0], // 11 from (9, 0), radius 3: outside
      [0, 2.5], // 2.5 from (0, 0), radius 3: inside
      [5, 2.5], // 2.5 from (5, 0), radius 2; 2.69 from (4, 0) and (6, 0): outside
      [9, -2.9], // 2.9 from (9, 0), radius 3: inside
    ]);
    // Fake radii (k = 3): 5.79, 15.51, 9.98, 6.72, 10.50; (4.5, 0.5) alone reaches every real point.
    expect(await precisionRecall(real, fake)).toEqual({ precision: 0.6, recall: 1, k: 3 });
    // k = 1: every real ball shrinks to radius 1 and only (4.5, 0.5) stays inside one.
    expect(await precisionRecall(real, fake, { k: 1 })).toEqual({ precision: 0.2, recall: 1, k: 1 });
  });

  it('recall is the share of reals inside some fake ball', async () => {
    const fake = featureSet([
      [4.5, 0.5],
      [4.6, 0.4],
      [4.4, 0.6],
      [4.5, 0.3], // a tight cluster: radii 0.2 to 0.32, reaching no real point
      [0, 2.5], // radius 5.01 (its 3rd neighbour in the cluster): reaches (i, 0) for i <= 4
    ]);
    expect(await precisionRecall(real, fake)).toEqual({ precision: 1, recall: 0.5, k: 3 });
  });

  it('matches a brute-force float64 computation on random sets', async () => {
    const a = gaussianSamples(300, [10, 10, 10, 10], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], 8);
    const b = gaussianSamples(250, [10.5, 10, 10, 10], [1.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], 9);
    const rows = (s: FeatureSet) => Array.from({ length: s.count }, (_, i) => Array.from(s.data.subarray(i * s.dim, (i + 1) * s.dim)));
    const d2 = (p: number[], q: number[]) => p.reduce((s, v, i) => s + (v - q[i]!) ** 2, 0);
    const radii = (set: number[][]) => set.map((p, i) => set.filter((_, j) => j !== i).map((q) => d2(p, q)).sort((x, y) => x - y)[2]!);
    const share = (queries: number[][], manifold: number[][]) => {
      const r = radii(manifold);
      return queries.filter((q) => manifold.some((m, j) => d2(q, m) <= r[j]!)).length / queries.length;
    };
    const result = await precisionRecall(a, b);
    expect(result.precision).toBeCloseTo(share(rows(b), rows(a)), 2);
    expect(result.recall).toBeCloseTo(share(rows(a), rows(b)), 2);
    expect(result.precision).toBeGreaterThan(0.3);
    expect(result.precision).toBeLessThan(1);
  });
});
