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
import { identityBatch, matrixBatch, withProbability, type Entry } from './matrices.js';
import type { AugmentRandom } from './random.js';
import { colorGroupSize, heldTransform, type AugmentTransform } from './transform.js';

/** Standard deviation of brightness (brightness_std). */
export const brightnessStd = 0.2;
/** Log2 standard deviation of contrast (contrast_std). */
export const contrastLog2Std = 0.5;
/** Log2 standard deviation of saturation (saturation_std). */
export const saturationLog2Std = 1;

/** The 4 x 4 matrix whose RGB block is f(row, col) per image and whose last row and column are the identity's. */
function rgbBlock(n: number, entry: (row: number, col: number) => Entry): tf.Tensor3D {
  return matrixBatch(
    n,
    [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => (r < 3 && c < 3 ? entry(r, c) : r === c ? 1 : 0))),
  );
}

/**
 * Draws C [N, 4, 4] for a batch of `channels`-channel images (hue and saturation only when the
 * colour groups are RGB).
 */
export function colorMatrix(n: number, channels: number, p: number, random: AugmentRandom): tf.Tensor3D {
  return tf.tidy(() => {
    const normal = () => random.normal([n]) as tf.Tensor1D;
    const uniform = () => random.uniform([n]) as tf.Tensor1D;
    let c = identityBatch(n, 4);
    const apply = (m: tf.Tensor3D) => (c = tf.matMul(m, c));

    const b = withProbability(random, p, tf.mul(normal(), brightnessStd), 0) as tf.Tensor1D;
    apply(matrixBatch(n, [[1, 0, 0, b], [0, 1, 0, b], [0, 0, 1, b], [0, 0, 0, 1]]));

    const contrast = withProbability(random, p, tf.pow(2, tf.mul(normal(), contrastLog2Std)), 1) as tf.Tensor1D;
    apply(rgbBlock(n, (r, k) => (r === k ? contrast : 0)));

    // (I - 2i·vvᵀ): vvᵀ is 1/3 in every RGB entry.
    const flip = withProbability(random, p, tf.floor(tf.mul(uniform(), 2)), 0) as tf.Tensor1D;
    const flipOff = tf.mul(flip, -2 / 3) as tf.Tensor1D;
    const flipDiag = tf.add(1, flipOff) as tf.Tensor1D;
    apply(rgbBlock(n, (r, k) => (r === k ? flipDiag : flipOff)));

    if (colorGroupSize(channels) === 3) {
      // Rodrigues' rotation about v = (1, 1, 1)/√3: a²(1 - cos θ) + cos θ on the diagonal,
      // a²(1 - cos θ) ∓ a·sin θ off it, with a = 1/√3 (AugmentPipe's rotate3d).
      const theta = withProbability(random, p, tf.mul(tf.sub(tf.mul(uniform(), 2), 1), Math.PI), 0) as tf.Tensor1D;
      const cos = tf.cos(theta);
      const shared = tf.mul(tf.sub(1, cos), 1 / 3) as tf.Tensor1D; // a²(1 - cos θ)
      const diag = tf.add(shared, cos) as tf.Tensor1D;
      const sin = tf.mul(tf.sin(theta), 1 / Math.sqrt(3)) as tf.Tensor1D; // a·sin θ
      const plus = tf.add(shared, sin) as tf.Tensor1D;
      const minus = tf.sub(shared, sin) as tf.Tensor1D;
      // (r, k) one step "ahead" of each other around the axis gets -a sin θ: (0,1), (1,2), (2,0).
      apply(rgbBlock(n, (r, k) => (r === k ? diag : (k - r + 3) % 3 === 1 ? minus : plus)));

      const s = withProbability(random, p, tf.pow(2, tf.mul(normal(), saturationLog2Std)), 1) as tf.Tensor1D;
      const sOff = tf.mul(tf.sub(1, s), 1 / 3) as tf.Tensor1D; // 1/3 - s/3
      const sDiag = tf.add(sOff, s) as tf.Tensor1D; // 1/3 + 2s/3
      apply(rgbBlock(n, (r, k) => (r === k ? sDiag : sOff)));
    }
    return c;
  });
}

/** The colour map C [N, 4, 4] as a transform of [N, H, W, C] images (channels grouped by colorGroupSize). */
export function colorMapTransform(matrix: tf.Tensor3D, shape: number[]): AugmentTransform {
  const [n, height, width, channels] = shape as [number, number, number, number];
  const size = colorGroupSize(channels);
  const [scale, offset] = tf.tidy(() => {
    const rows = tf.slice(matrix, [0, 0, 0], [n, 3, 4]); // [N, 3, 4]
    if (size === 3) {
      return [tf.slice(rows, [0, 0, 0], [n, 3, 3]), tf.reshape(tf.slice(rows, [0, 0, 3], [n, 3, 1]), [n, 1, 3])]; // C₃ₓ₃ [N, 3, 3], c₄ [N, 1, 3]
    }
    // Σⱼ C̄ⱼ as (Σ of the 3 x 3 block) / 3, which is exactly 1 for the identity (a sum of three 1/3's is not).
    const scale = tf.div(tf.sum(tf.slice(rows, [0, 0, 0], [n, 3, 3]), [1, 2]), 3);
    const offset = tf.div(tf.sum(tf.slice(rows, [0, 0, 3], [n, 3, 1]), [1, 2]), 3);
    return [tf.reshape(scale, [n, 1, 1]), tf.reshape(offset, [n, 1, 1])];
  });
  return heldTransform([scale, offset], (images) => {
    const pixels = tf.reshape(images, [n, (height * width * channels) / size, size]); // [N, P, c]
    const coloured = size === 3 ? tf.add(tf.matMul(pixels, scale, false, true), offset) : tf.add(tf.mul(pixels, scale), offset);
    return tf.reshape(coloured, [n, height, width, channels]) as tf.Tensor4D;
  });
}
