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
import { ConfigError } from '../family/architecture.js';
import { disposeMap, remap, shiftMap } from './pixels.js';
import { ImageDraws, type AugmentRandom } from './random.js';
import { chainTransforms, colorGroupSize, heldTransform, identityTransform, type AugmentTransform } from './transform.js';

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

/** One number per image as an [N, 1, 1, 1] tensor. */
const perImage = (values: number[]): tf.Tensor4D => tf.tensor4d(values, [values.length, 1, 1, 1]);

/**
 * color: brightness, then saturation, then contrast. Channels are coloured in groups (see
 * colorGroupSize): x̄_c is the mean of a group, x̄ the mean of a group's whole image, so a pair
 * concatenated on the channel axis gets one draw and each image keeps its own means.
 */
function colorTransform(shape: number[], draws: ImageDraws): AugmentTransform {
  const [n, height, width, channels] = shape as [number, number, number, number];
  const brightness = perImage(draws.uniform().map((u) => u - 0.5));
  const saturation = perImage(draws.uniform().map((u) => 2 * u));
  const contrast = perImage(draws.uniform().map((u) => u + 0.5));
  const size = colorGroupSize(channels);
  const groups = channels / size;
  return heldTransform([brightness, saturation, contrast], (images) => {
    // 4-D throughout: broadcasting ops of rank 5 take a slow path on wasm.
    let x: tf.Tensor = tf.reshape(tf.add(images, brightness), [n, height * width, groups, size]); // [N, HW, G, c]
    if (size > 1) {
      const pixelMean = tf.mean(x, 3, true); // [N, HW, G, 1]
      x = tf.add(tf.mul(tf.sub(x, pixelMean), saturation), pixelMean);
    }
    const imageMean = tf.mean(x, [1, 3], true); // [N, 1, G, 1]
    x = tf.add(tf.mul(tf.sub(x, imageMean), contrast), imageMean);
    return tf.reshape(x, [n, height, width, channels]) as tf.Tensor4D;
  });
}

/** Uniform integers in [-s, s], one per image: ⌊u·(2s + 1)⌋ - s. */
const shifts = (draws: ImageDraws, s: number): number[] => draws.uniform().map((u) => Math.floor(u * (2 * s + 1)) - s);

/** translation: integer shifts of up to 1/8 of the image each way, zero fill. */
function translationTransform(shape: number[], draws: ImageDraws): AugmentTransform {
  const [n, height, width] = shape as [number, number, number, number];
  const dx = shifts(draws, Math.floor(width / 8));
  const dy = shifts(draws, Math.floor(height / 8));
  const map = shiftMap([n, height, width], dx, dy);
  return { apply: (images) => remap(images, map), dispose: () => disposeMap(map) };
}

/**
 * cutout: a mask of zeros over rows [o_y - ⌊h/2⌋, o_y - ⌊h/2⌋ + h) and the same for columns, with
 * h = ⌊H/2⌋ and the offset o_y uniform in 0..H - (h mod 2) (DiffAugment's ranges), clipped.
 */
function cutoutTransform(shape: number[], draws: ImageDraws): AugmentTransform {
  const [n, height, width] = shape as [number, number, number, number];
  const start = (extent: number) => {
    const cut = Math.floor(extent / 2);
    return draws.uniform().map((u) => Math.floor(u * (extent + 1 - (cut % 2))) - Math.floor(cut / 2));
  };
  const [top, left] = [start(height), start(width)];
  const [cutHeight, cutWidth] = [Math.floor(height / 2), Math.floor(width / 2)];
  const values = new Float32Array(n * height * width).fill(1);
  for (let b = 0; b < n; b++) {
    for (let i = Math.max(0, top[b]!); i < Math.min(height, top[b]! + cutHeight); i++) {
      for (let j = Math.max(0, left[b]!); j < Math.min(width, left[b]! + cutWidth); j++) values[(b * height + i) * width + j] = 0;
    }
  }
  const mask = tf.tensor4d(values, [n, height, width, 1]);
  return heldTransform([mask], (images) => tf.mul(images, mask));
}

/** Each policy's transform and the uniforms per image it reads (one draw per policy). */
const builders: Record<DiffAugmentPolicy, { columns: number; build: (shape: number[], draws: ImageDraws) => AugmentTransform }> = {
  color: { columns: 3, build: colorTransform },
  translation: { columns: 2, build: translationTransform },
  cutout: { columns: 2, build: cutoutTransform },
};

/**
 * Draws DiffAugment's transforms for a batch of `shape` [N, H, W, C], the policies in the order
 * given (the paper's `color,translation,cutout`). Caller disposes (or applies inside a tidy and
 * disposes after).
 */
export async function diffAugmentTransform(shape: number[], policy: readonly DiffAugmentPolicy[], random: AugmentRandom): Promise<AugmentTransform> {
  if (policy.length === 0) return identityTransform;
  const n = shape[0]!;
  const transforms: AugmentTransform[] = [];
  for (const name of policy) {
    const { columns, build } = builders[name];
    transforms.push(build(shape, await ImageDraws.draw(random, n, columns)));
  }
  return chainTransforms(transforms);
}
