/**
 * Seeded randomness that depends only on (seed, step, stream), so a resumed run draws exactly the
 * numbers a straight run would have drawn: the "RNG state" of a checkpoint is its step counter.
 */

/** Mixes integers into one 31-bit seed (a 32-bit FNV-1a over the parts, then an avalanche). */
export function deriveSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    let v = Math.floor(part) >>> 0;
    for (let i = 0; i < 4; i++) {
      h ^= v & 0xff;
      h = Math.imul(h, 0x01000193);
      v >>>= 8;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) & 0x7fffffff;
}

/**
 * A seed for tfjs' random ops. tfjs treats seed 0 as "no seed" (a fresh draw every call), so every
 * seed passed to tf.randomNormal/randomUniform goes through this: parts mixed as deriveSeed does,
 * never 0.
 */
export const tfSeed = (...parts: number[]): number => deriveSeed(...parts) || 1;

/** Mulberry32: a small, fast, seeded generator of uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher-Yates permutation of 0..n-1. */
export function permutation(n: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const random = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * Streams of randomness a training step may draw from; each gets its own derived seed. `augment`:
 * a family's own data jitter (pix2pix, cyclegan, srgan, toy); `discriminatorAugment`: what D sees
 * through DiffAugment or ADA (core's augment/); `modeSeeking`: the second codes of MSGAN's term; `mismatchedLabels`: the wrong labels a
 * matching-aware D sees real images under (cgan).
 */
export const rngStreams = { dataOrder: 1, dNoise: 2, gNoise: 3, penalty: 4, sample: 5, init: 6, sourceOrder: 7, augment: 8, discriminatorAugment: 9, modeSeeking: 10, mismatchedLabels: 11 } as const;
