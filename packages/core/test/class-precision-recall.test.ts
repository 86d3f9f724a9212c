// Per-class precision/recall on hand-built feature sets: three classes of real points on small
// grids; the samples copy classes 0 and 2 and collapse class 1 onto its centre. Only class 1's
// recall falls to 0, while the pooled recall stays at 2/3 and every precision at 1.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';
import { featureSet } from '../src/metrics/features.js';
import { classPrecisionRecall, precisionRecall } from '../src/metrics/precision-recall.js';

/** A 4x4 grid of points spaced 1 apart around (10c, 0), then labels. */
const grid = (c: number, shift = 0): number[][] => Array.from({ length: 16 }, (_, i) => [10 * c + (i % 4) - 1.5 + shift, Math.floor(i / 4) - 1.5 + shift]);

describe('classPrecisionRecall', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  const labels = (counts: number[]) => Int32Array.from(counts.flatMap((n, c) => Array<number>(n).fill(c)));
  const real = featureSet([...grid(0), ...grid(1), ...grid(2)]);
  const realLabels = labels([16, 16, 16]);
  const collapsedCentre = Array.from({ length: 16 }, () => [10, 0]); // class 1's centre: on no real point
  const fake = featureSet([...grid(0, 0.01), ...collapsedCentre, ...grid(2, 0.01)]);
  const fakeLabels = realLabels;

  it("shows a class collapsed to a point in that class's recall only", async () => {
    const perClass = await classPrecisionRecall(real, realLabels, fake, fakeLabels, 3);
    expect(perClass.counts).toEqual([16, 16, 16]);
    expect(perClass.recall).toEqual([1, 0, 1]);
    expect(perClass.precision).toEqual([1, 1, 1]);
    const pooled = await precisionRecall(real, fake);
    expect(pooled.recall).toBeCloseTo(2 / 3, 12);
  });

  it('compares equal counts per class and needs a label per row', async () => {
    const fewer = featureSet([...grid(0, 0.01).slice(0, 8), ...collapsedCentre, ...grid(2, 0.01)]);
    const perClass = await classPrecisionRecall(real, realLabels, fewer, labels([8, 16, 16]), 3);
    expect(perClass.counts).toEqual([8, 16, 16]);
    await expect(classPrecisionRecall(real, realLabels.subarray(1), fake, fakeLabels, 3)).rejects.toThrow('one label per row; got 47 labels for 48 real rows');
  });
});
