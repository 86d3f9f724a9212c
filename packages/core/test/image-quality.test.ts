// PSNR, SSIM, luma, mean gradient and border crop against closed forms and a float64 numpy reference.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';
import { cropBorder, gaussianWindow, meanGradientPerImage, psnr, psnrPerImage, ssim, ssimPerImage, toLuma, toUnitRange } from '../src/metrics/image-quality.js';

/** 16 x 16 x 2 pattern a(i, j, c) = ((7i + 3j + 5c) mod 17) / 16 and b = 0.8 a + 0.1 ((ij + c) mod 5) / 4. */
function patternPair(): { a: tf.Tensor4D; b: tf.Tensor4D } {
  const a = new Float32Array(16 * 16 * 2);
  const b = new Float32Array(16 * 16 * 2);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      for (let c = 0; c < 2; c++) {
        const k = (i * 16 + j) * 2 + c;
        a[k] = ((i * 7 + j * 3 + c * 5) % 17) / 16;
        b[k] = 0.8 * a[k]! + 0.1 * (((i * j + c) % 5) / 4);
      }
    }
  }
  return { a: tf.tensor4d(a, [1, 16, 16, 2]), b: tf.tensor4d(b, [1, 16, 16, 2]) };
}

describe('image quality metrics', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('PSNR of identical images is infinite and SSIM is 1', async () => {
    const before = tf.memory().numTensors;
    const a = tf.randomUniform([2, 12, 12, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    expect(await psnr(a, a)).toBe(Infinity);
    expect(await ssim(a, a)).toBeCloseTo(1, 5);
    a.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('PSNR of a constant offset d is 10 log10(max² / d²), per image then mean', async () => {
    const a = tf.fill([2, 5, 5, 1], 0.5) as tf.Tensor4D;
    const b = tf.concat([tf.fill([1, 5, 5, 1], 0.6), tf.fill([1, 5, 5, 1], 0.3)]) as tf.Tensor4D; // offsets 0.1, 0.2
    const expected = [20, 10 * Math.log10(1 / 0.04)];
    const perImage = await psnrPerImage(a, b);
    expect(perImage[0]).toBeCloseTo(expected[0]!, 3);
    expect(perImage[1]).toBeCloseTo(expected[1]!, 3);
    expect(await psnr(a, b)).toBeCloseTo((expected[0]! + expected[1]!) / 2, 3);
    // The same pixels on the 8-bit scale give the same PSNR.
    const a255 = tf.mul(a, 255) as tf.Tensor4D;
    const b255 = tf.mul(b, 255) as tf.Tensor4D;
    expect(await psnr(a255, b255, { maxValue: 255 })).toBeCloseTo((expected[0]! + expected[1]!) / 2, 2);
    tf.dispose([a, b, a255, b255]);
  });

  it('SSIM of two constant images is (2xy + C1) / (x² + y² + C1)', async () => {
    const a = tf.fill([1, 11, 11, 1], 0.2) as tf.Tensor4D;
    const b = tf.fill([1, 11, 11, 1], 0.7) as tf.Tensor4D;
    const c1 = 0.01 ** 2;
    expect(await ssim(a, b)).toBeCloseTo((2 * 0.2 * 0.7 + c1) / (0.2 ** 2 + 0.7 ** 2 + c1), 5);
    tf.dispose([a, b]);
  });

  it('SSIM matches a float64 numpy implementation of Wang et al. (valid 11 x 11 Gaussian window)', async () => {
    const { a, b } = patternPair();
    // test/reference/ssim.py (numpy, float64): mean over the 6 x 6 valid positions and both channels.
    expect(await ssim(a, b)).toBeCloseTo(0.9616095519592606, 4);
    const a2 = tf.square(a) as tf.Tensor4D;
    expect(await ssim(a, a2)).toBeCloseTo(0.8997409961128106, 4);
    // Scores are per image: a batch of the two pairs gives both, and its mean.
    const batchA = tf.concat([a, a]) as tf.Tensor4D;
    const batchB = tf.concat([b, a2]) as tf.Tensor4D;
    const perImage = await ssimPerImage(batchA, batchB);
    expect(perImage[0]).toBeCloseTo(0.9616095519592606, 4);
    expect(perImage[1]).toBeCloseTo(0.8997409961128106, 4);
    expect(await ssim(batchA, batchB)).toBeCloseTo((0.9616095519592606 + 0.8997409961128106) / 2, 4);
    // The 8-bit scale with maxValue 255 gives the same SSIM.
    const a255 = tf.mul(a, 255) as tf.Tensor4D;
    const b255 = tf.mul(b, 255) as tf.Tensor4D;
    expect(await ssim(a255, b255, { maxValue: 255 })).toBeCloseTo(0.9616095519592606, 3);
    tf.dispose([a, b, a2, batchA, batchB, a255, b255]);
  });

  it('the window is a normalised Gaussian, largest at its centre', () => {
    const w = gaussianWindow(11, 1.5);
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    expect(Math.max(...w)).toBe(w[60]);
    expect(w[0]! / w[60]!).toBeCloseTo(Math.exp(-50 / 4.5), 6);
  });

  it('luma is BT.601 Y of MATLAB rgb2ycbcr: white 235/255, black 16/255', async () => {
    const rgb = tf.tensor4d([1, 1, 1, 0, 0, 0, 1, 0, 0, 0.2, 0.4, 0.6], [1, 2, 2, 3]);
    const y = toLuma(rgb);
    expect(y.shape).toEqual([1, 2, 2, 1]);
    const values = await y.data();
    const expected = [235, 16, 16 + 65.481, 16 + 65.481 * 0.2 + 128.553 * 0.4 + 24.966 * 0.6].map((v) => v / 255);
    expected.forEach((v, i) => expect(values[i]).toBeCloseTo(v, 5));
    const gray = toLuma(tf.tensor4d([0, 1], [1, 1, 2, 1]));
    expect(Array.from(await gray.data()).map((v) => v * 255)).toEqual([expect.closeTo(16, 3), expect.closeTo(235, 3)]);
    expect(() => toLuma(tf.zeros([1, 2, 2, 2]) as tf.Tensor4D)).toThrow(/RGB or grayscale/);
    tf.dispose([rgb, y, gray]);
  });

  it('cropBorder removes p pixels on every edge', async () => {
    const images = tf.reshape(tf.range(0, 2 * 5 * 6), [2, 5, 6, 1]) as tf.Tensor4D;
    const cropped = cropBorder(images, 1);
    expect(cropped.shape).toEqual([2, 3, 4, 1]);
    expect(Array.from((await cropped.data()).slice(0, 4))).toEqual([7, 8, 9, 10]);
    expect(() => cropBorder(images, 3)).toThrow(/leaves nothing of 5 x 6/);
    tf.dispose([images, cropped]);
  });

  it('meanGradientPerImage is mean |∂x| + mean |∂y| per image, 0 for a flat one', async () => {
    // image 0: rows [0, 1, 3] and [2, 2, 2]: |∂x| 1, 2, 0, 0 (mean 0.75); |∂y| 2, 1, 1 (mean 4/3)
    const images = tf.tensor4d([0, 1, 3, 2, 2, 2, 5, 5, 5, 5, 5, 5], [2, 2, 3, 1]);
    const before = tf.memory().numTensors;
    const scores = await meanGradientPerImage(images);
    expect(tf.memory().numTensors).toBe(before);
    expect(scores[0]).toBeCloseTo(0.75 + 4 / 3, 6);
    expect(scores[1]).toBe(0);
    await expect(meanGradientPerImage(tf.zeros([1, 1, 4, 1]) as tf.Tensor4D)).rejects.toThrow(/at least 2 x 2 pixels; got 1 x 4/);
    images.dispose();
  });

  it('maps [-1, 1] to [0, 1] and rejects mismatched shapes', async () => {
    const x = tf.tensor4d([-1, 0, 1], [1, 1, 3, 1]);
    const u = toUnitRange(x);
    expect(Array.from(await u.data())).toEqual([0, 0.5, 1]);
    const y = tf.zeros([1, 1, 2, 1]) as tf.Tensor4D;
    await expect(psnr(x, y)).rejects.toThrow(/same shape/);
    await expect(ssim(x, y)).rejects.toThrow(/same shape/);
    tf.dispose([x, u, y]);
  });
});
