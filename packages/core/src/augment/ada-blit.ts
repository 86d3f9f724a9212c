/**
 * ADA's pixel-blitting group (Karras et al. 2020, "Training Generative Adversarial Networks with
 * Limited Data", Appendix B.1): x-flip, rotations by multiples of 90°, and integer translation,
 * each applied to an image with probability p. As stylegan2-ada-pytorch's AugmentPipe, they are
 * composed into the inverse map G⁻¹ (output pixel -> input pixel, in pixel units about the image
 * centre) that the geometric group extends; at integer positions sampling copies pixels exactly.
 */
import * as tf from '@tensorflow/tfjs';
import { compose, matrixBatch, withProbability } from './matrices.js';
import type { AugmentRandom } from './random.js';

/** Range of the integer translation, relative to the image size (AugmentPipe's xint_max). */
export const integerTranslationMax = 0.125;

/**
 * G⁻¹ · (blit transforms) for a batch of [N, H, W]:
 *   x-flip      i ~ {0, 1}:        G⁻¹ · diag(1 - 2i, 1, 1)
 *   rotate 90   k ~ {0, 1, 2, 3}:  G⁻¹ · R(k·π/2), cos and sin read from a table so they are exact;
 *               square images only (on others it is left out, with no draw)
 *   integer     t ~ U(-⅛, ⅛)²:     G⁻¹ · T(-round(t_x·W), -round(t_y·H))
 * @param inverse [N, 3, 3], the map so far (disposed by the caller)
 * @returns [N, 3, 3]
 */
export function blitGeometry(inverse: tf.Tensor3D, shape: number[], p: number, random: AugmentRandom): tf.Tensor3D {
  const [n, height, width] = shape as [number, number, number];
  return tf.tidy(() => {
    const flip = withProbability(random, p, tf.floor(tf.mul(random.uniform([n]), 2)), 0) as tf.Tensor1D;
    let g = compose(inverse, matrixBatch(n, [[tf.sub(1, tf.mul(2, flip)) as tf.Tensor1D, 0, 0], [0, 1, 0], [0, 0, 1]]));

    if (height === width) {
      const quarter = tf.cast(withProbability(random, p, tf.floor(tf.mul(random.uniform([n]), 4)), 0), 'int32') as tf.Tensor1D;
      const cos = tf.gather(tf.tensor1d([1, 0, -1, 0]), quarter) as tf.Tensor1D;
      const sin = tf.gather(tf.tensor1d([0, 1, 0, -1]), quarter) as tf.Tensor1D;
      g = compose(g, matrixBatch(n, [[cos, tf.neg(sin) as tf.Tensor1D, 0], [sin, cos, 0], [0, 0, 1]]));
    }

    const t = withProbability(random, p, tf.mul(tf.sub(tf.mul(random.uniform([n, 2]), 2), 1), integerTranslationMax), 0); // [N, 2]
    const [tx, ty] = tf.unstack(tf.neg(tf.round(tf.mul(t, [[width, height]]))), 1) as [tf.Tensor1D, tf.Tensor1D]; // pixels
    return compose(g, matrixBatch(n, [[1, 0, tx], [0, 1, ty], [0, 0, 1]]));
  });
}
