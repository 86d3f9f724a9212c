import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { distribution, distributions, sampleDistribution, sampleMixture } from '../src/index.js';

/** Index of the nearest mode and the distance to it. */
const nearest = (x: number, y: number, modes: readonly (readonly [number, number])[]) =>
  modes.reduce((best, [mx, my], j) => {
    const d = Math.hypot(x - mx, y - my);
    return d < best.distance ? { mode: j, distance: d } : best;
  }, { mode: -1, distance: Infinity });

describe('toy distributions', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('has the papers\' geometry: grid at (-4..4 step 2)², ring of radius 2', () => {
    const grid = distributions.grid25;
    expect(grid.modes).toHaveLength(25);
    expect(grid.std).toBe(0.05);
    expect(new Set(grid.modes.map(([x, y]) => `${x},${y}`)).size).toBe(25);
    for (const [x, y] of grid.modes) expect([x, y].every((v) => [-4, -2, 0, 2, 4].includes(v))).toBe(true);
    const ring = distributions.ring8;
    expect(ring.modes).toHaveLength(8);
    expect(ring.std).toBe(0.02);
    for (const [x, y] of ring.modes) expect(Math.hypot(x, y)).toBeCloseTo(2, 10);
    expect(ring.modes[2]![0]).toBeCloseTo(0, 10);
    expect(ring.modes[2]![1]).toBeCloseTo(2, 10);
    expect(() => distribution('spiral')).toThrow(/unknown toy distribution "spiral"; use one of: ring8, grid25/);
  });

  it.each(['grid25', 'ring8'] as const)('%s: points sit near their modes with the right spread, modes equally used', async (name) => {
    const dist = distributions[name];
    const count = 5000;
    const before = tf.memory().numTensors;
    const points = sampleDistribution(dist, count, 7);
    expect(points.shape).toEqual([count, 2]);
    const values = await points.data();
    points.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const perMode = new Array<number>(dist.modes.length).fill(0);
    const offsets: number[] = [];
    const meanOffset = [0, 0];
    for (let i = 0; i < count; i++) {
      const { mode, distance } = nearest(values[2 * i]!, values[2 * i + 1]!, dist.modes);
      expect(distance).toBeLessThan(6 * dist.std);
      perMode[mode]! += 1;
      const [mx, my] = dist.modes[mode]!;
      offsets.push(values[2 * i]! - mx, values[2 * i + 1]! - my);
      meanOffset[0]! += (values[2 * i]! - mx) / count;
      meanOffset[1]! += (values[2 * i + 1]! - my) / count;
    }
    // Sample mean of each mode's offset is 0 within a few standard errors; the spread matches σ.
    expect(Math.abs(meanOffset[0]!)).toBeLessThan((4 * dist.std) / Math.sqrt(count));
    expect(Math.abs(meanOffset[1]!)).toBeLessThan((4 * dist.std) / Math.sqrt(count));
    const std = Math.sqrt(offsets.reduce((s, v) => s + v * v, 0) / offsets.length);
    expect(std).toBeGreaterThan(dist.std * 0.95);
    expect(std).toBeLessThan(dist.std * 1.05);
    // Binomial(count, 1/K) per mode: every count within 5 standard deviations of count/K.
    const expected = count / dist.modes.length;
    const sd = Math.sqrt(expected * (1 - 1 / dist.modes.length));
    for (const n of perMode) expect(Math.abs(n - expected)).toBeLessThan(5 * sd);
  });

  it('the same seed gives the same points, another seed others', async () => {
    const draw = async (seed: number) => {
      const t = sampleDistribution(distributions.grid25, 50, seed);
      const v = Array.from(await t.data());
      t.dispose();
      return v;
    };
    expect(await draw(3)).toEqual(await draw(3));
    expect(await draw(3)).not.toEqual(await draw(4));
  });

  it('maps given uniforms to modes ⌊u·K⌋ and adds σ·ε', async () => {
    const dist = distributions.ring8;
    const u = tf.tensor1d([0, 0.124, 0.125, 0.9999]);
    const e = tf.tensor2d([[0, 0], [1, -1], [0, 0], [2, 0]]);
    const points = sampleMixture(dist, u, e);
    const values = Array.from(await points.data());
    const expected = [
      [...dist.modes[0]!],
      [dist.modes[0]![0] + 0.02, dist.modes[0]![1] - 0.02],
      [...dist.modes[1]!],
      [dist.modes[7]![0] + 0.04, dist.modes[7]![1]],
    ].flat();
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    tf.dispose([u, e, points]);
  });
});
