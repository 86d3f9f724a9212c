/**
 * Per-pixel noise maps optimised beside the latent (StyleGAN's noise inputs), kept from absorbing
 * the image: NVlabs' projector penalises their autocorrelation at every scale down to 8x8 and
 * renormalises them to zero mean and unit variance after every step.
 */
import * as tf from '@tensorflow/tfjs';

/** One-pixel shift of [N, H, W, 1] along `axis` (1: rows, 2: columns), wrapping around: torch.roll(x, 1). */
const roll = (x: tf.Tensor4D, axis: 1 | 2): tf.Tensor4D => {
  const size = x.shape[axis];
  return tf.concat([tf.slice(x, axis === 1 ? [0, size - 1, 0, 0] : [0, 0, size - 1, 0], axis === 1 ? [-1, 1, -1, -1] : [-1, -1, 1, -1]), tf.slice(x, [0, 0, 0, 0], axis === 1 ? [-1, size - 1, -1, -1] : [-1, -1, size - 1, -1])], axis);
};

/**
 * Σ over scales (the map, then 2x average-pooled while larger than 8x8) of
 * mean(n·roll(n, 1, x))² + mean(n·roll(n, 1, y))², per image: [N]. Caller disposes.
 */
export function noiseRegularization(maps: tf.Tensor4D[]): tf.Tensor1D {
  return tf.tidy(() => {
    let total: tf.Tensor = tf.zeros([maps[0]?.shape[0] ?? 0]);
    for (const map of maps) {
      let n = map;
      for (;;) {
        for (const axis of [1, 2] as const) total = tf.add(total, tf.square(tf.mean(tf.mul(n, roll(n, axis)), [1, 2, 3])));
        if (n.shape[1] <= 8) break;
        n = tf.avgPool(n, 2, 2, 'valid');
      }
    }
    return total as tf.Tensor1D;
  });
}

/** Each image's map shifted and scaled to mean 0, mean square 1 (new tensor; caller disposes). */
export const normalizeNoise = (map: tf.Tensor): tf.Tensor =>
  tf.tidy(() => {
    const centred = tf.sub(map, tf.mean(map, [1, 2, 3], true));
    return tf.mul(centred, tf.rsqrt(tf.mean(tf.square(centred), [1, 2, 3], true)));
  });
