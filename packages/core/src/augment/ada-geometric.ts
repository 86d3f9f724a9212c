/**
 * ADA's general geometric group (Karras et al. 2020, Appendix B.2): isotropic scaling, rotation,
 * anisotropic scaling and fractional translation, each applied to an image with probability p
 * (rotation twice, before and after the anisotropic scaling, each with 1 - √(1 - p), so that one
 * of the two happens with probability p). Parameters as stylegan2-ada-pytorch's AugmentPipe:
 *   isotropic    s = 2^N(0, 0.2²):        G⁻¹ · diag(1/s, 1/s, 1)
 *   rotation     θ ~ U(-π, π):            G⁻¹ · R(θ)
 *   anisotropic  s = 2^N(0, 0.2²):        G⁻¹ · diag(1/s, s, 1)
 *   rotation     θ ~ U(-π, π):            G⁻¹ · R(θ)
 *   fractional   t ~ N(0, 0.125²)²:       G⁻¹ · T(-t_x·W, -t_y·H)
 * composed onto the blit group's G⁻¹ and sampled once (see ada.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { compose, matrixBatch, withProbability } from './matrices.js';
import type { AugmentRandom } from './random.js';

/** Log2 standard deviation of the isotropic and the anisotropic scale (scale_std, aniso_std). */
export const scaleLog2Std = 0.2;
/** Standard deviation of the fractional translation, relative to the image size (xfrac_std). */
export const fractionalTranslationStd = 0.125;

/** 2^(σ·z), z ~ N(0, 1), [N]. */
const logNormal = (random: AugmentRandom, n: number, std: number): tf.Tensor1D =>
  tf.tidy(() => tf.pow(2, tf.mul(random.normal([n]), std)) as tf.Tensor1D);

/** R(θ) = [[cos θ, -sin θ], [sin θ, cos θ]] in homogeneous form. */
const rotation = (n: number, theta: tf.Tensor1D): tf.Tensor3D =>
  tf.tidy(() => {
    const cos = tf.cos(theta) as tf.Tensor1D;
    const sin = tf.sin(theta) as tf.Tensor1D;
    return matrixBatch(n, [[cos, tf.neg(sin) as tf.Tensor1D, 0], [sin, cos, 0], [0, 0, 1]]);
  });

/**
 * G⁻¹ · (general geometric transforms) for a batch of [N, H, W].
 * @param inverse [N, 3, 3], the map so far (disposed by the caller)
 * @returns [N, 3, 3]
 */
export function generalGeometry(inverse: tf.Tensor3D, shape: number[], p: number, random: AugmentRandom): tf.Tensor3D {
  const [n, height, width] = shape as [number, number, number];
  return tf.tidy(() => {
    const iso = withProbability(random, p, logNormal(random, n, scaleLog2Std), 1) as tf.Tensor1D;
    let g = compose(inverse, matrixBatch(n, [[tf.reciprocal(iso) as tf.Tensor1D, 0, 0], [0, tf.reciprocal(iso) as tf.Tensor1D, 0], [0, 0, 1]]));

    const pRotation = 1 - Math.sqrt(Math.min(Math.max(1 - p, 0), 1)); // P(pre or post) = p
    const angle = () => withProbability(random, pRotation, tf.mul(tf.sub(tf.mul(random.uniform([n]), 2), 1), Math.PI), 0) as tf.Tensor1D;
    g = compose(g, rotation(n, angle()));

    const aniso = withProbability(random, p, logNormal(random, n, scaleLog2Std), 1) as tf.Tensor1D;
    g = compose(g, matrixBatch(n, [[tf.reciprocal(aniso) as tf.Tensor1D, 0, 0], [0, aniso, 0], [0, 0, 1]]));
    g = compose(g, rotation(n, angle()));

    const t = withProbability(random, p, tf.mul(random.normal([n, 2]), fractionalTranslationStd), 0); // [N, 2]
    const [tx, ty] = tf.unstack(tf.neg(tf.mul(t, [[width, height]])), 1) as [tf.Tensor1D, tf.Tensor1D]; // pixels
    return compose(g, matrixBatch(n, [[1, 0, tx], [0, 1, ty], [0, 0, 1]]));
  });
}
