/** Low-resolution inputs made from high-resolution images, as SR benchmarks make them. */
import * as tf from '@tensorflow/tfjs';
import { bicubicResize } from '@ganforge/core/image';

/** Rounds [-1, 1] values to the nearest of the 256 levels an 8-bit image can hold. Caller disposes. */
export const quantize = (images: tf.Tensor4D): tf.Tensor4D =>
  tf.tidy(() => tf.sub(tf.div(tf.round(tf.mul(tf.add(tf.clipByValue(images, -1, 1), 1), 127.5)), 127.5), 1));

/**
 * The LR version of HR images in [-1, 1]: antialiased bicubic downsampling by `scale`
 * (MATLAB imresize, see core's bicubicResize), clamped and rounded to 8 bits as an image file would
 * hold it. [N, H, W, C] -> [N, H/scale, W/scale, C]; H and W must be multiples of scale. Caller disposes.
 */
export function lowResolution(hr: tf.Tensor4D, scale: number): tf.Tensor4D {
  const [, h, w] = hr.shape;
  if (h % scale !== 0 || w % scale !== 0) throw new Error(`HR images of ${h}x${w} are not a multiple of the scale ${scale}`);
  return tf.tidy(() => quantize(bicubicResize(hr, [h / scale, w / scale])));
}

/** Bicubic upscaling of LR images by `scale`, clamped and rounded to 8 bits: the baseline SR is compared with. Caller disposes. */
export function bicubicUpscale(lr: tf.Tensor4D, scale: number): tf.Tensor4D {
  const [, h, w] = lr.shape;
  return tf.tidy(() => quantize(bicubicResize(lr, [h * scale, w * scale])));
}

/**
 * One size x size crop per image at the given positions: offsets[2i], offsets[2i + 1] in [0, 1)
 * pick the top and left edges of crop i uniformly. [N, H, W, C] -> [N, size, size, C]. Caller disposes.
 */
export function randomCrops(images: tf.Tensor4D, size: number, offsets: ArrayLike<number>): tf.Tensor4D {
  const [n, h, w, c] = images.shape;
  return tf.tidy(() => {
    const crops = Array.from({ length: n }, (_, i) => {
      const top = Math.floor(offsets[2 * i]! * (h - size + 1));
      const left = Math.floor(offsets[2 * i + 1]! * (w - size + 1));
      return tf.slice(images, [i, top, left, 0], [1, size, size, c]);
    });
    return tf.concat(crops, 0) as tf.Tensor4D;
  });
}

/**
 * Each square crop under one of the 8 symmetries of the square (EDSR's augmentation, Lim et al.
 * 2017): draws[3i], draws[3i + 1], draws[3i + 2] in [0, 1) below 0.5 flip crop i left-right, then
 * top-bottom, then swap its rows and columns. [N, S, S, C] -> [N, S, S, C]. Caller disposes.
 */
export function dihedralTransforms(crops: tf.Tensor4D, draws: ArrayLike<number>): tf.Tensor4D {
  const [, h, w] = crops.shape;
  if (h !== w) throw new Error(`dihedral transforms need square crops, got ${h}x${w}`);
  return tf.tidy(() => {
    const transformed = tf.unstack(crops).map((crop, i) => {
      let x = crop as tf.Tensor3D; // [S, S, C]
      if (draws[3 * i]! < 0.5) x = tf.reverse(x, 1);
      if (draws[3 * i + 1]! < 0.5) x = tf.reverse(x, 0);
      if (draws[3 * i + 2]! < 0.5) x = tf.transpose(x, [1, 0, 2]);
      return x;
    });
    return tf.stack(transformed) as tf.Tensor4D;
  });
}
