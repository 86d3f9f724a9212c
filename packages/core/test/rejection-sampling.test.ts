import { describe, expect, it } from 'vitest';
import { RejectionSampler } from '../src/metrics/index.js';
import { mulberry32 } from '../src/random/index.js';

/** n draws of N(mean, 1) by Box-Muller from a seeded stream. */
function normals(n: number, mean: number, random: () => number): number[] {
  return Array.from({ length: n }, () => mean + Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

describe('discriminator rejection sampling', () => {
  it('computes the paper\'s F(x) and γ by hand on three logits', () => {
    const sampler = new RejectionSampler([0, 1, 2], { quantile: 0.5, epsilon: 1e-6 });
    const score = (d: number) => d - 2 - Math.log(1 - Math.exp(d - 2 - 1e-6)); // F + γ, D̃_M = 2
    expect(sampler.gamma).toBeCloseTo(score(1), 10); // the middle of the three sorted scores
    expect(sampler.probability(1)).toBeCloseTo(0.5, 10);
    expect(sampler.probability(0)).toBeCloseTo(1 / (1 + Math.exp(-(score(0) - score(1)))), 10);
    expect(sampler.probability(0)).toBeLessThan(sampler.probability(1));
    expect(sampler.probability(2)).toBeGreaterThan(0.99); // at D̃_M the log term diverges: accepted
  });

  it('turns N(0, 1) proposals into N(0.5, 1) samples given the optimal logit log p/q', () => {
    const random = mulberry32(7);
    const logit = (x: number) => 0.5 * x - 0.125; // log N(x; 0.5, 1) / N(x; 0, 1)
    const burnIn = normals(10_000, 0, random).map(logit);
    const sampler = new RejectionSampler(burnIn, { quantile: 0.99 });
    const proposals = normals(200_000, 0, random);
    const kept = sampler.accept(proposals.map(logit), proposals.map(() => random()));
    const accepted = proposals.filter((_, i) => kept[i]);
    const mean = accepted.reduce((a, b) => a + b, 0) / accepted.length;
    const variance = accepted.reduce((a, b) => a + (b - mean) ** 2, 0) / accepted.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(sampler.acceptanceRate).toBeCloseTo(accepted.length / proposals.length, 12);
    expect(sampler.acceptanceRate).toBeGreaterThan(0.01);
  });

  it('rejects bad input with errors naming it', () => {
    expect(() => new RejectionSampler([])).toThrow(/burn-in/);
    expect(() => new RejectionSampler([1, NaN])).toThrow(/non-finite/);
    expect(() => new RejectionSampler([1, 2], { quantile: 1 })).toThrow(/quantile/);
    const sampler = new RejectionSampler([0, 1]);
    expect(() => sampler.accept([0, 1], [0.5])).toThrow(/one uniform per logit/);
    expect(() => sampler.accept([Infinity], [0.5])).toThrow(/non-finite/);
  });
});
