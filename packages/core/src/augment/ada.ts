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
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../train/architecture.js';
import { blitGeometry } from './ada-blit.js';
import { colorMapTransform, colorMatrix } from './ada-color.js';
import { generalGeometry } from './ada-geometric.js';
import { identityBatch } from './matrices.js';
import { bilinearMap, disposeMap, remap } from './pixels.js';
import type { AugmentRandom } from './random.js';
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
 * Sampling positions of G⁻¹ [N, 3, 3]: output pixel (i, j), centred as (j - (W-1)/2, i - (H-1)/2),
 * reads the input at G⁻¹ applied to it, shifted back by the centre.
 * @returns source columns and rows, [N, H, W] each
 */
function sourcePositions(inverse: tf.Tensor3D, n: number, height: number, width: number): [tf.Tensor3D, tf.Tensor3D] {
  return tf.tidy(() => {
    const cx = (width - 1) / 2;
    const cy = (height - 1) / 2;
    const xs = tf.tile(tf.reshape(tf.sub(tf.range(0, width, 1, 'float32'), cx), [1, width]), [height, 1]); // [H, W]
    const ys = tf.tile(tf.reshape(tf.sub(tf.range(0, height, 1, 'float32'), cy), [height, 1]), [1, width]);
    const grid = tf.stack([tf.reshape(xs, [-1]), tf.reshape(ys, [-1]), tf.ones([height * width])], 1); // [HW, 3]
    const source = tf.matMul(tf.tile(tf.expandDims(grid, 0), [n, 1, 1]), inverse, false, true); // [N, HW, 3]
    const [x, y] = tf.unstack(source, 2);
    return [tf.reshape(tf.add(x!, cx), [n, height, width]), tf.reshape(tf.add(y!, cy), [n, height, width])] as [tf.Tensor3D, tf.Tensor3D];
  });
}

/**
 * Draws ADA's transforms for a batch of `shape` [N, H, W, C] at probability p. p = 0 draws nothing
 * and returns the identity. Caller disposes (or draws inside a tidy).
 */
export function adaTransform(shape: number[], p: number, groups: readonly AdaGroup[], random: AugmentRandom): AugmentTransform {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`ADA's augmentation probability p must lie in [0, 1], got ${p}`);
  if (p === 0 || groups.length === 0) return identityTransform;
  const [n, height, width, channels] = shape as [number, number, number, number];
  const transforms: AugmentTransform[] = [];
  if (groups.includes('blit') || groups.includes('geom')) {
    const map = tf.tidy(() => {
      let inverse = identityBatch(n, 3);
      if (groups.includes('blit')) inverse = blitGeometry(inverse, shape, p, random);
      if (groups.includes('geom')) inverse = generalGeometry(inverse, shape, p, random);
      const [x, y] = sourcePositions(inverse, n, height, width);
      return bilinearMap(x, y, height, width);
    });
    transforms.push({ apply: (images) => remap(images, map), dispose: () => disposeMap(map) });
  }
  if (groups.includes('color')) {
    const matrix = colorMatrix(n, channels, p, random);
    transforms.push(colorMapTransform(matrix, shape));
    matrix.dispose();
  }
  return chainTransforms(transforms);
}
