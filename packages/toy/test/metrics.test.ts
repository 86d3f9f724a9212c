import { describe, expect, it } from 'vitest';
import { distributions, modeStatistics } from '../src/index.js';
import { flat } from './fixtures.js';

const grid = distributions.grid25;

describe('mode metrics (VEEGAN, PacGAN)', () => {
  it('every mode hit once, plus one far point: 25 modes, 25/26 high quality', () => {
    const stats = modeStatistics(flat([...grid.modes, [100, 100]]), grid);
    expect(stats.modes).toBe(25);
    expect(stats.modesTotal).toBe(25);
    expect(stats.highQuality).toBeCloseTo(25 / 26, 12);
    expect(Array.from(stats.counts)).toEqual(new Array(25).fill(1));
    // Nearest-mode shares: 2/26 for the corner (4, 4) the far point falls to, 1/26 for the rest.
    const q = [2 / 26, ...new Array(24).fill(1 / 26)];
    expect(stats.reverseKl).toBeCloseTo(q.reduce((s, p) => s + p * Math.log(p * 25), 0), 12);
  });

  it('all points on one mode: 1 mode, all high quality, reverse KL = log 25', () => {
    const points = flat(Array.from({ length: 40 }, (_, i) => [2 + 0.01 * Math.sin(i), -2 + 0.01 * Math.cos(i)] as const));
    const stats = modeStatistics(points, grid);
    expect(stats.modes).toBe(1);
    expect(stats.highQuality).toBe(1);
    expect(stats.reverseKl).toBeCloseTo(Math.log(25), 12);
  });

  it('points far from every mode: no modes, no high-quality samples', () => {
    const stats = modeStatistics(flat([[1, 1], [3, -3], [100, 100], [-1, 0]]), grid);
    expect(stats.modes).toBe(0);
    expect(stats.highQuality).toBe(0);
  });

  it('high quality means within 3σ of the nearest mode; minSamples sets coverage', () => {
    const stats = modeStatistics(flat([[0, 2.9 * 0.05], [2 + 3.1 * 0.05, 0], [4, 4], [4, 4.01]]), grid);
    expect(stats.highQuality).toBe(3 / 4);
    expect(stats.modes).toBe(2); // (0, 0) and (4, 4); (2, 0) got only a low-quality point
    expect(modeStatistics(flat([[0, 2.9 * 0.05], [4, 4], [4, 4.01]]), grid, { minSamples: 2 }).modes).toBe(1);
    expect(modeStatistics(flat([[0, 0.2]]), grid, { threshold: 5 }).highQuality).toBe(1);
  });

  it('rejects unpaired values and empty input', () => {
    expect(() => modeStatistics([1, 2, 3], grid)).toThrow(/\[x, y\] pairs; got 3 values/);
    expect(() => modeStatistics([], grid)).toThrow(/at least one point/);
  });
});
