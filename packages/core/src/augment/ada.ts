/**
 * ADA's augmentation pipeline (Karras et al. 2020): the blit, geometric and colour groups in that
 * order, every transform applied to each image independently with probability p. The paper's
 * default `bgc` is all three.
 *
 * Where this differs from stylegan2-ada-pytorch's AugmentPipe: the geometric transforms are
 * sampled once, bilinearly, at the image's own resolution, with reflect padding of any width. The
 * reference pads by a computed margin, upsamples 2x with a sym6 wavelet low-pass filter
 * (upfirdn2d), samples there, and filters and downsamples back, which suppresses the aliasing of
 * rotations and down-scaling; here such aliasing stays, and a shrunk image is slightly sharper
 * than the reference's. Integer positions (the blit group alone) are copied exactly in both. The
 * paper's image-space filtering, additive noise and cutout groups are not part of the pipeline.
 */
import { ConfigError } from '../family/architecture.js';
import { blitColumns, blitInverse } from './ada-blit.js';
import { colorColumns, colorMapTransform, colorMatrices } from './ada-color.js';
import { generalInverse, geometricColumns } from './ada-geometric.js';
import { identity } from './matrices.js';
import { affineMap, disposeMap, remap } from './pixels.js';
import { ImageDraws, type AugmentRandom } from './random.js';
import { chainTransforms, identityTransform, type AugmentTransform } from './transform.js';

export const adaGroups = ['blit', 'geom', 'color'] as const;
export type AdaGroup = (typeof adaGroups)[number];

/** A group list as written in a config, e.g. `blit,geom,color` (the paper's bgc). Throws a one-line ConfigError naming the valid groups. */
export function parseAdaPipeline(text: string): AdaGroup[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(adaGroups as readonly string[]).includes(name)) {
      throw new ConfigError(`unknown ADA group "${name}" in adaPipeline "${text}"; valid groups: ${adaGroups.join(', ')}`);
    }
  }
  return adaGroups.filter((group) => names.includes(group)); // always blit, geom, color order
}

/**
 * Draws ADA's transforms for a batch of `shape` [N, H, W, C] at probability p: G⁻¹ from the blit
 * and geometric groups, sampled once (output pixel (i, j), centred as (j - (W-1)/2, i - (H-1)/2),
 * reads the input at G⁻¹ of that), then the colour map. p = 0 draws nothing and returns the
 * identity. Caller disposes.
 */
export async function adaTransform(shape: number[], p: number, groups: readonly AdaGroup[], random: AugmentRandom): Promise<AugmentTransform> {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`ADA's augmentation probability p must lie in [0, 1], got ${p}`);
  if (p === 0 || groups.length === 0) return identityTransform;
  const [n, height, width, channels] = shape as [number, number, number, number];
  const transforms: AugmentTransform[] = [];
  if (groups.includes('blit') || groups.includes('geom')) {
    let inverse = Array.from({ length: n }, () => identity(3));
    if (groups.includes('blit')) inverse = blitInverse(inverse, await ImageDraws.draw(random, n, blitColumns), p, height, width);
    if (groups.includes('geom')) inverse = generalInverse(inverse, await ImageDraws.draw(random, n, geometricColumns), p, height, width);
    const map = affineMap([n, height, width], inverse);
    transforms.push({ apply: (images) => remap(images, map), dispose: () => disposeMap(map) });
  }
  if (groups.includes('color')) transforms.push(colorMapTransform(colorMatrices(await ImageDraws.draw(random, n, colorColumns), p, channels), shape));
  return chainTransforms(transforms);
}
