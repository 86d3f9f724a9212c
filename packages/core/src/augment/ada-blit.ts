/**
 * ADA's pixel-blitting group (Karras et al. 2020, "Training Generative Adversarial Networks with
 * Limited Data", Appendix B.1): x-flip, rotations by multiples of 90°, and integer translation,
 * each applied to an image with probability p. As stylegan2-ada-pytorch's AugmentPipe, they are
 * composed into the inverse map G⁻¹ (output pixel -> input pixel, in pixel units about the image
 * centre) that the geometric group extends; at whole-pixel positions sampling copies pixels exactly.
 */
import { multiply, rotate2d, scale2d, translate2d, type Matrix } from './matrices.js';
import type { ImageDraws } from './random.js';

/** Range of the integer translation, relative to the image size (AugmentPipe's xint_max). */
export const integerTranslationMax = 0.125;
/** Uniforms per image the group reads. */
export const blitColumns = 7;

/**
 * G⁻¹ · (blit transforms), per image:
 *   x-flip      i ~ {0, 1}:        G⁻¹ · diag(1 - 2i, 1, 1)
 *   rotate 90   k ~ {0, 1, 2, 3}:  G⁻¹ · R(k·π/2), cos and sin exact from a table;
 *               square images only (on others it is left out)
 *   integer     t ~ U(-⅛, ⅛)²:     G⁻¹ · T(-round(t_x·W), -round(t_y·H))
 */
export function blitInverse(inverse: Matrix[], draws: ImageDraws, p: number, height: number, width: number): Matrix[] {
  const flip = draws.withProbability(p, draws.uniform().map((u) => Math.floor(u * 2)), 0);
  const quarter = draws.withProbability(p, draws.uniform().map((u) => Math.floor(u * 4)), 0);
  const [tx, ty] = [draws.uniform(), draws.uniform()].map((column) => column.map((u) => (u * 2 - 1) * integerTranslationMax));
  const translate = draws.coins(p);
  return inverse.map((g, b) => {
    g = multiply(g, scale2d(1 - 2 * flip[b]!, 1));
    if (height === width) g = multiply(g, rotate2d([1, 0, -1, 0][quarter[b]!]!, [0, 1, 0, -1][quarter[b]!]!));
    if (translate[b]) g = multiply(g, translate2d(-Math.round(tx![b]! * width), -Math.round(ty![b]! * height)));
    return g;
  });
}
