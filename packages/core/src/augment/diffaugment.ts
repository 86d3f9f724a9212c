/**
 * DiffAugment (Zhao, Liu, Lin, Zhu & Han 2020, "Differentiable Augmentation for Data-Efficient GAN
 * Training"): cheap differentiable transforms applied to every image D sees, real and fake, in both
 * the D and the G update. Each image gets its own draw; no probability, every transform always
 * applies. As the authors' DiffAugment_pytorch.py, on images in [-1, 1]:
 *   color        brightness x + (u - ½); saturation (x - x̄_c)·2u + x̄_c; contrast (x - x̄)·(u + ½) + x̄
 *                (x̄_c: mean over the channels of a pixel, x̄: mean over the image; u ~ U[0, 1))
 *   translation  shift by an integer in [-⌊H/8⌋, ⌊H/8⌋] rows and [-⌊W/8⌋, ⌊W/8⌋] columns, zero fill
 *   cutout       zero a ⌊H/2⌋ x ⌊W/2⌋ rectangle centred at a uniform pixel (clipped at the borders)
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../train/architecture.js';
import { disposeMap, remap, shiftMap } from './pixels.js';
import type { AugmentRandom } from './random.js';
import { chainTransforms, colorGroupSize, heldTransform, type AugmentTransform } from './transform.js';

export const diffAugmentPolicies = ['color', 'translation', 'cutout'] as const;
export type DiffAugmentPolicy = (typeof diffAugmentPolicies)[number];

/**
 * A policy list as written in a config, e.g. `color,translation,cutout` (the order they apply in);
 * '' is no augmentation. Throws a one-line ConfigError naming the valid policies.
 */
export function parseDiffAugmentPolicy(text: string): DiffAugmentPolicy[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(diffAugmentPolicies as readonly string[]).includes(name)) {
      throw new ConfigError(`unknown DiffAugment policy "${name}" in augmentPolicy "${text}"; valid policies: ${diffAugmentPolicies.join(', ')}`);
    }
  }
  return names as DiffAugmentPolicy[];
}

/** Per-image factor as [N, 1, 1, 1] from a uniform draw: a + b·u. */
const perImage = (random: AugmentRandom, n: number, a: number, b: number): tf.Tensor4D =>
  tf.tidy(() => tf.add(a, tf.mul(b, random.uniform([n, 1, 1, 1]))) as tf.Tensor4D);

/**
 * color: brightness, then saturation, then contrast. Channels are coloured in groups (see
 * colorGroupSize): x̄_c is the mean of a group, x̄ the mean of a group's whole image, so a pair
 * concatenated on the channel axis gets one draw and each image keeps its own means.
 */
function colorTransform(shape: number[], random: AugmentRandom): AugmentTransform {
  const [n, height, width, channels] = shape as [number, number, number, number];
  const brightness = perImage(random, n, -0.5, 1); // u - ½
  const saturation = perImage(random, n, 0, 2); // 2u
  const contrast = perImage(random, n, 0.5, 1); // u + ½
  const size = colorGroupSize(channels);
  const groups = channels / size;
  return heldTransform([brightness, saturation, contrast], (images) => {
    let x: tf.Tensor = tf.add(images, brightness);
    x = tf.reshape(x, [n, height, width, groups, size]); // [N, H, W, G, c]
    const factor = (f: tf.Tensor4D) => tf.reshape(f, [n, 1, 1, 1, 1]);
    if (size > 1) {
      const pixelMean = tf.mean(x, 4, true); // [N, H, W, G, 1]
      x = tf.add(tf.mul(tf.sub(x, pixelMean), factor(saturation)), pixelMean);
    }
    const imageMean = tf.mean(x, [1, 2, 4], true); // [N, 1, 1, G, 1]
    x = tf.add(tf.mul(tf.sub(x, imageMean), factor(contrast)), imageMean);
    return tf.reshape(x, [n, height, width, channels]) as tf.Tensor4D;
  });
}

/** Uniform integers in [-s, s], [N]: ⌊u·(2s + 1)⌋ - s. */
const shifts = (random: AugmentRandom, n: number, s: number): tf.Tensor1D =>
  tf.tidy(() => tf.sub(tf.floor(tf.mul(random.uniform([n]), 2 * s + 1)), s) as tf.Tensor1D);

/** translation: integer shifts of up to 1/8 of the image each way, zero fill. */
function translationTransform(shape: number[], random: AugmentRandom): AugmentTransform {
  const [n, height, width] = shape as [number, number, number, number];
  const dx = shifts(random, n, Math.floor(width / 8));
  const dy = shifts(random, n, Math.floor(height / 8));
  const map = shiftMap(dx, dy, height, width);
  tf.dispose([dx, dy]);
  return { apply: (images) => remap(images, map), dispose: () => disposeMap(map) };
}

/**
 * cutout: a mask of zeros over rows [o_y - ⌊h/2⌋, o_y - ⌊h/2⌋ + h) and the same for columns, with
 * h = ⌊H/2⌋ and the offset o_y uniform in 0..H - (h mod 2) (DiffAugment's ranges), clipped.
 */
function cutoutTransform(shape: number[], random: AugmentRandom): AugmentTransform {
  const [n, height, width] = shape as [number, number, number, number];
  const mask = tf.tidy(() => {
    const covered = (extent: number, along: number[]) => {
      const cut = Math.floor(extent / 2);
      const offset = tf.floor(tf.mul(random.uniform([n]), extent + 1 - (cut % 2)));
      const start = tf.reshape(tf.sub(offset, Math.floor(cut / 2)), [n, 1, 1]);
      const position = tf.reshape(tf.range(0, extent, 1, 'float32'), along);
      return tf.logicalAnd(tf.greaterEqual(position, start), tf.less(position, tf.add(start, cut)));
    };
    const rows = covered(height, [1, height, 1]); // [N, H, 1]
    const cols = covered(width, [1, 1, width]); // [N, 1, W]
    return tf.reshape(tf.sub(1, tf.cast(tf.logicalAnd(rows, cols), 'float32')), [n, height, width, 1]) as tf.Tensor4D;
  });
  return heldTransform([mask], (images) => tf.mul(images, mask));
}

const builders: Record<DiffAugmentPolicy, (shape: number[], random: AugmentRandom) => AugmentTransform> = {
  color: colorTransform,
  translation: translationTransform,
  cutout: cutoutTransform,
};

/**
 * Draws DiffAugment's transforms for a batch of `shape` [N, H, W, C], the policies in the order
 * given (the paper's `color,translation,cutout`). Caller disposes (or draws inside a tidy).
 */
export function diffAugmentTransform(shape: number[], policy: readonly DiffAugmentPolicy[], random: AugmentRandom): AugmentTransform {
  return chainTransforms(policy.map((name) => builders[name](shape, random)));
}
