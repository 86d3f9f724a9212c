// What each augmentation does to images: DiffAugment's ranges and formulas, ADA's exact blits,
// in-range bilinear sampling, affine colour, the per-image probability p, seeded repeatability, and
// the one-line errors for names that do not exist.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import {
  adaTransform,
  augmentSettings,
  diffAugmentTransform,
  parseDiffAugmentPolicy,
  reflectIndex,
  seededRandom,
  type AdaGroup,
} from '../src/augment/index.js';

const values = async (t: tf.Tensor) => Array.from((await t.data()) as Float32Array);

/** [N, H, W, 1] images whose pixels are all different: pixel k of image n is (n·H·W + k + 1) / 1000. */
const distinctImages = (n: number, h: number, w: number, c = 1) =>
  tf.tidy(() => tf.reshape(tf.div(tf.add(tf.range(0, n * h * w * c, 1, 'float32'), 1), 1000), [n, h, w, c]) as tf.Tensor4D);

/** Image `n` of a flat [N, H, W] array as rows. */
const imageRows = (flat: number[], n: number, h: number, w: number) =>
  Array.from({ length: h }, (_, i) => flat.slice(n * h * w + i * w, n * h * w + (i + 1) * w));

describe('augmentations', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('reflectIndex mirrors without repeating the edge, at any distance', () => {
    expect([-9, -5, -4, -1, 0, 3, 4, 5, 8, 13].map((k) => reflectIndex(k, 5))).toEqual([1, 3, 4, 1, 0, 3, 4, 3, 0, 3]);
    expect([-2, 0, 3].map((k) => reflectIndex(k, 1))).toEqual([0, 0, 0]);
  });

  it('DiffAugment translation shifts each image by whole pixels within ±⌊size/8⌋, filling with zeros', async () => {
    const [n, h, w] = [24, 16, 16];
    const x = distinctImages(n, h, w);
    const t = await diffAugmentTransform(x.shape, ['translation'], seededRandom(1));
    const out = await values(t.apply(x));
    const input = await values(x);
    const seen = new Set<string>();
    for (let b = 0; b < n; b++) {
      const found: string[] = [];
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const shifted = imageRows(input, b, h, w).map((row, i) => row.map((_, j) => (i - dy >= 0 && i - dy < h && j - dx >= 0 && j - dx < w ? input[b * h * w + (i - dy) * w + (j - dx)]! : 0)));
          if (JSON.stringify(shifted) === JSON.stringify(imageRows(out, b, h, w))) found.push(`${dy},${dx}`);
        }
      }
      expect(found, `image ${b}`).toHaveLength(1);
      seen.add(found[0]!);
    }
    expect(seen.size).toBeGreaterThan(8); // the draws vary from image to image
    t.dispose();
    x.dispose();
  });

  it('DiffAugment cutout zeroes one rectangle of at most ⌊H/2⌋ x ⌊W/2⌋, exactly that where it fits', async () => {
    const [n, h, w] = [32, 8, 10];
    const ones = tf.ones([n, h, w, 1]) as tf.Tensor4D;
    const t = await diffAugmentTransform(ones.shape, ['cutout'], seededRandom(3));
    const out = await values(t.apply(ones));
    let whole = 0;
    for (let b = 0; b < n; b++) {
      const zeros = imageRows(out, b, h, w).flatMap((row, i) => row.flatMap((v, j) => (v === 0 ? [[i, j]] : [])));
      const rows = new Set(zeros.map(([i]) => i));
      const cols = new Set(zeros.map(([, j]) => j));
      expect(zeros.length, `image ${b}`).toBe(rows.size * cols.size); // a rectangle
      expect(rows.size).toBeLessThanOrEqual(4);
      expect(cols.size).toBeLessThanOrEqual(5);
      expect(rows.size).toBeGreaterThanOrEqual(2);
      if (rows.size === 4 && cols.size === 5) whole++;
    }
    expect(whole).toBeGreaterThan(5);
    t.dispose();
    ones.dispose();
  });

  it('DiffAugment color: per image, x - x̄ scales by saturation·contrast in [0, 3) and x̄ moves by brightness in [-½, ½)', async () => {
    const n = 16;
    const x = tf.randomUniform([n, 4, 4, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
    const t = await diffAugmentTransform(x.shape, ['color'], seededRandom(4));
    const y = t.apply(x);
    // Brightness moves every value alike; saturation scales each pixel's deviation from its channel
    // mean; contrast scales deviations from the image mean: the image mean moves by the brightness
    // alone, and a pixel's deviation from its channel mean scales by saturation·contrast.
    const stats = (v: tf.Tensor) => tf.tidy(() => {
      const pixelMean = tf.mean(v, 3, true);
      return [tf.mean(v, [1, 2, 3]), tf.sub(v, pixelMean)];
    });
    const [xMean, xDev] = stats(x);
    const [yMean, yDev] = stats(y);
    const shift = await values(tf.sub(yMean!, xMean!));
    const ratio = await values(tf.div(tf.sum(tf.mul(yDev!, xDev!), [1, 2, 3]), tf.sum(tf.square(xDev!), [1, 2, 3])));
    const residual = await values(tf.max(tf.abs(tf.sub(yDev!, tf.mul(xDev!, tf.reshape(tf.tensor1d(ratio), [n, 1, 1, 1]))))));
    for (const s of shift) expect(s >= -0.5 - 1e-5 && s < 0.5 + 1e-5).toBe(true);
    for (const r of ratio) expect(r >= -1e-5 && r < 3).toBe(true);
    expect(residual[0]).toBeLessThan(1e-5);
    expect(new Set(shift.map((s) => s.toFixed(4))).size).toBeGreaterThan(n - 3); // one draw per image
    tf.dispose([x, y, xMean!, xDev!, yMean!, yDev!]);
    t.dispose();
  });

  it('ADA blit at p = 1 copies pixels exactly: every output pixel is an input pixel of the same image', async () => {
    const [n, s] = [32, 8];
    const x = distinctImages(n, s, s);
    const t = await adaTransform(x.shape, 1, ['blit'], seededRandom(6));
    const out = await values(t.apply(x));
    const input = await values(x);
    let changed = 0;
    for (let b = 0; b < n; b++) {
      const own = new Set(input.slice(b * s * s, (b + 1) * s * s));
      const image = out.slice(b * s * s, (b + 1) * s * s);
      expect(image.every((v) => own.has(v)), `image ${b}`).toBe(true);
      if (image.some((v, k) => v !== input[b * s * s + k])) changed++;
    }
    expect(changed).toBeGreaterThan(n / 2);
    t.dispose();
    x.dispose();
  });

  it('ADA geom at p = 1 resamples inside the image range (bilinear, reflect padding)', async () => {
    const x = distinctImages(8, 8, 8);
    const t = await adaTransform(x.shape, 1, ['geom'], seededRandom(2));
    const out = await values(t.apply(x));
    const input = await values(x);
    for (let b = 0; b < 8; b++) {
      const own = input.slice(b * 64, (b + 1) * 64);
      const [lo, hi] = [Math.min(...own), Math.max(...own)];
      for (const v of out.slice(b * 64, (b + 1) * 64)) expect(v >= lo - 1e-6 && v <= hi + 1e-6).toBe(true);
    }
    expect(out.filter((v, k) => Math.abs(v - input[k]!) > 1e-4).length).toBeGreaterThan(256);
    t.dispose();
    x.dispose();
  });

  it('ADA color on gray images is affine per image (x -> a·x + b), with a luma flip negating some', async () => {
    const n = 64;
    const x = tf.randomUniform([n, 4, 4, 1], -1, 1, 'float32', 2) as tf.Tensor4D;
    const t = await adaTransform(x.shape, 1, ['color'], seededRandom(9));
    const y = t.apply(x);
    const xs = await values(x);
    const ys = await values(y);
    let negated = 0;
    for (let b = 0; b < n; b++) {
      const [x0, x1] = [xs[b * 16]!, xs[b * 16 + 1]!];
      const a = (ys[b * 16 + 1]! - ys[b * 16]!) / (x1 - x0);
      const c = ys[b * 16]! - a * x0;
      for (let k = 0; k < 16; k++) expect(Math.abs(ys[b * 16 + k]! - (a * xs[b * 16 + k]! + c))).toBeLessThan(1e-4);
      if (a < 0) negated++;
    }
    expect(negated).toBeGreaterThan(n / 4); // luma flip: about half
    expect(negated).toBeLessThan((3 * n) / 4);
    tf.dispose([x, y]);
    t.dispose();
  });

  it('ADA p = 0 is the identity; at p < 1 each transform applies to part of the batch only (non-leaking)', async () => {
    const x = tf.randomUniform([512, 2, 2, 1], -1, 1, 'float32', 1) as tf.Tensor4D;
    const groups: AdaGroup[] = ['color'];
    expect((await adaTransform(x.shape, 0, groups, seededRandom(1))).apply(x)).toBe(x);
    // Gray colour has three transforms: brightness and contrast change an image they apply to, the
    // luma flip (i ~ {0, 1}) half the time: an image comes out as it went in with probability
    // (1 - p)²·(1 - p/2).
    const untouched = async (p: number) => {
      const t = await adaTransform(x.shape, p, groups, seededRandom(8));
      const same = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.sum(tf.abs(tf.sub(t.apply(x), x)), [1, 2, 3]), 0), 'float32')));
      const [count] = await values(same);
      same.dispose();
      t.dispose();
      return count! / 512;
    };
    expect(await untouched(1)).toBe(0);
    expect(Math.abs((await untouched(0.5)) - 0.1875)).toBeLessThan(0.05);
    expect(Math.abs((await untouched(0.2)) - 0.576)).toBeLessThan(0.07);
    x.dispose();
  });

  it('the same seed draws the same augmentation; another seed another', async () => {
    const x = tf.randomUniform([4, 8, 8, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
    const run = async (seed: number, mode: 'diffaugment' | 'ada') => {
      const t = mode === 'ada' ? await adaTransform(x.shape, 0.7, ['blit', 'geom', 'color'], seededRandom(seed)) : await diffAugmentTransform(x.shape, ['color', 'translation', 'cutout'], seededRandom(seed));
      const y = t.apply(x);
      const v = await values(y);
      tf.dispose(y);
      t.dispose();
      return v;
    };
    for (const mode of ['diffaugment', 'ada'] as const) {
      expect(await run(3, mode)).toEqual(await run(3, mode));
      expect(await run(3, mode)).not.toEqual(await run(4, mode));
    }
    x.dispose();
  });

  it('an unknown policy, group or mode is a one-line error listing the valid ones', () => {
    expect(() => parseDiffAugmentPolicy('color,flip')).toThrow(/^unknown DiffAugment policy "flip" in augmentPolicy "color,flip"; valid policies: color, translation, cutout$/);
    expect(() => augmentSettings({ adaPipeline: 'blit,noise' })).toThrow(/^unknown ADA group "noise" in adaPipeline "blit,noise"; valid groups: blit, geom, color$/);
    expect(() => augmentSettings({ augment: 'adaptive' })).toThrow(/^unknown augment "adaptive"; valid: none, diffaugment, ada$/);
    expect(() => augmentSettings({ adaTarget: 1.5 })).toThrow(/adaTarget must lie between -1 and 1/);
    expect(augmentSettings({}).mode).toBe('none');
  });
});
