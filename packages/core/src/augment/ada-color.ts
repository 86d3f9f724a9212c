/**
 * ADA's colour group (Karras et al. 2020, Appendix B.3): brightness, contrast, luma flip, hue
 * rotation and saturation, each applied to an image with probability p, composed into one affine
 * colour map C (4 x 4, homogeneous RGB) per image. v = (1, 1, 1, 0)/√3 is the luma axis.
 *   brightness  b ~ N(0, 0.2²):        C ← T(b, b, b) · C
 *   contrast    c = 2^N(0, 0.5²):      C ← diag(c, c, c, 1) · C
 *   luma flip   i ~ {0, 1}:            C ← (I - 2i·vvᵀ) · C            (Householder reflection)
 *   hue         θ ~ U(-π, π):          C ← R_v(θ) · C                  (RGB only)
 *   saturation  s = 2^N(0, 1):         C ← (vvᵀ + (I - vvᵀ)·s) · C     (RGB only)
 * RGB pixels become C₃ₓ₃·x + c₄; gray pixels x·Σⱼ C̄ⱼ + C̄₄ with C̄ the mean of C's first three
 * rows (AugmentPipe's rule), so a flipped luma negates a gray image.
 */
import * as tf from '@tensorflow/tfjs';
import { identity, multiply, type Matrix } from './matrices.js';
import type { ImageDraws } from './random.js';
import { colorGroupSize, heldTransform, type AugmentTransform } from './transform.js';

/** Standard deviation of brightness (brightness_std). */
export const brightnessStd = 0.2;
/** Log2 standard deviation of contrast (contrast_std). */
export const contrastLog2Std = 0.5;
/** Log2 standard deviation of saturation (saturation_std). */
export const saturationLog2Std = 1;
/** Uniforms per image the group reads. */
export const colorColumns = 13;

/** The 4 x 4 matrix whose RGB block is entry(row, col) and whose last row and column are the identity's. */
const rgbBlock = (entry: (row: number, col: number) => number): Matrix =>
  Array.from({ length: 16 }, (_, k) => {
    const [r, c] = [Math.floor(k / 4), k % 4];
    return r < 3 && c < 3 ? entry(r, c) : r === c ? 1 : 0;
  });

/** C per image for `channels`-channel images (hue and saturation only when the colour groups are RGB). */
export function colorMatrices(draws: ImageDraws, p: number, channels: number): Matrix[] {
  const brightness = draws.withProbability(p, draws.normal().map((z) => z * brightnessStd), 0);
  const contrast = draws.withProbability(p, draws.normal().map((z) => 2 ** (z * contrastLog2Std)), 1);
  const flip = draws.withProbability(p, draws.uniform().map((u) => Math.floor(u * 2)), 0);
  const rgb = colorGroupSize(channels) === 3;
  const hue = rgb ? draws.withProbability(p, draws.uniform().map((u) => (u * 2 - 1) * Math.PI), 0) : [];
  const saturation = rgb ? draws.withProbability(p, draws.normal().map((z) => 2 ** (z * saturationLog2Std)), 1) : [];
  return brightness.map((b, n) => {
    let c = identity(4);
    const then = (m: Matrix) => (c = multiply(m, c));
    then([1, 0, 0, b, 0, 1, 0, b, 0, 0, 1, b, 0, 0, 0, 1]);
    then(rgbBlock((r, k) => (r === k ? contrast[n]! : 0)));
    then(rgbBlock((r, k) => (r === k ? 1 : 0) - (2 / 3) * flip[n]!)); // vvᵀ is 1/3 in every RGB entry
    if (rgb) {
      // Rodrigues' rotation about v: a²(1 - cos θ) + cos θ on the diagonal, a²(1 - cos θ) ∓ a·sin θ
      // off it, a = 1/√3; -a·sin θ where the column is one step ahead of the row: (0,1), (1,2), (2,0).
      const [cos, sin] = [Math.cos(hue[n]!), Math.sin(hue[n]!) / Math.sqrt(3)];
      const shared = (1 - cos) / 3;
      then(rgbBlock((r, k) => (r === k ? shared + cos : (k - r + 3) % 3 === 1 ? shared - sin : shared + sin)));
      const s = saturation[n]!;
      then(rgbBlock((r, k) => (r === k ? 1 / 3 + (2 / 3) * s : (1 - s) / 3)));
    }
    return c;
  });
}

/** Colour maps C [4 x 4 per image] as a transform of [N, H, W, C] images (channels grouped by colorGroupSize). */
export function colorMapTransform(matrices: Matrix[], shape: number[]): AugmentTransform {
  const [n, height, width, channels] = shape as [number, number, number, number];
  const size = colorGroupSize(channels);
  let scale: tf.Tensor;
  let offset: tf.Tensor;
  if (size === 3) {
    // C₃ₓ₃ [N, 3, 3] and c₄ [N, 1, 3]
    scale = tf.tensor3d(matrices.flatMap((c) => [0, 1, 2].flatMap((r) => c.slice(r * 4, r * 4 + 3))), [n, 3, 3]);
    offset = tf.tensor3d(matrices.flatMap((c) => [c[3]!, c[7]!, c[11]!]), [n, 1, 3]);
  } else {
    // Σⱼ C̄ⱼ as (Σ of the 3 x 3 block) / 3 and C̄₄ as (Σ of c₄) / 3, [N, 1, 1] each.
    const blockSum = (c: Matrix) => [0, 1, 2, 4, 5, 6, 8, 9, 10].reduce((sum, k) => sum + c[k]!, 0);
    scale = tf.tensor3d(matrices.map((c) => blockSum(c) / 3), [n, 1, 1]);
    offset = tf.tensor3d(matrices.map((c) => (c[3]! + c[7]! + c[11]!) / 3), [n, 1, 1]);
  }
  return heldTransform([scale, offset], (images) => {
    const pixels = tf.reshape(images, [n, (height * width * channels) / size, size]); // [N, P, c]
    const coloured = size === 3 ? tf.add(tf.matMul(pixels, scale, false, true), offset) : tf.add(tf.mul(pixels, scale), offset);
    return tf.reshape(coloured, [n, height, width, channels]) as tf.Tensor4D;
  });
}
