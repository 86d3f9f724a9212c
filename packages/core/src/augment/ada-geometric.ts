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
import { multiply, rotate2d, scale2d, translate2d, type Matrix } from './matrices.js';
import type { ImageDraws } from './random.js';

/** Log2 standard deviation of the isotropic and the anisotropic scale (scale_std, aniso_std). */
export const scaleLog2Std = 0.2;
/** Standard deviation of the fractional translation, relative to the image size (xfrac_std). */
export const fractionalTranslationStd = 0.125;
/** Uniforms per image the group reads. */
export const geometricColumns = 16;

/** G⁻¹ · (general geometric transforms), per image. */
export function generalInverse(inverse: Matrix[], draws: ImageDraws, p: number, height: number, width: number): Matrix[] {
  const iso = draws.withProbability(p, draws.normal().map((z) => 2 ** (z * scaleLog2Std)), 1);
  const pRotation = 1 - Math.sqrt(Math.min(Math.max(1 - p, 0), 1)); // P(pre or post) = p
  const angle = () => draws.withProbability(pRotation, draws.uniform().map((u) => (u * 2 - 1) * Math.PI), 0);
  const pre = angle();
  const aniso = draws.withProbability(p, draws.normal().map((z) => 2 ** (z * scaleLog2Std)), 1);
  const post = angle();
  const [tx, ty] = [draws.normal(), draws.normal()].map((column) => column.map((z) => z * fractionalTranslationStd));
  const translate = draws.coins(p);
  const rotation = (theta: number) => rotate2d(Math.cos(theta), Math.sin(theta));
  return inverse.map((g, b) => {
    g = multiply(g, scale2d(1 / iso[b]!, 1 / iso[b]!));
    g = multiply(g, rotation(pre[b]!));
    g = multiply(g, scale2d(1 / aniso[b]!, aniso[b]!));
    g = multiply(g, rotation(post[b]!));
    if (translate[b]) g = multiply(g, translate2d(-tx![b]! * width, -ty![b]! * height));
    return g;
  });
}
