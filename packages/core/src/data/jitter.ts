/**
 * The random jitter and mirroring of junyanz/pytorch-CycleGAN-and-pix2pix's `get_transform`, done on
 * tensors with seeded noise so that a resumed run draws the same crops.
 */
import * as tf from '@tensorflow/tfjs';

/** How training images are jittered (Isola et al. 2017, Sec. 6.2). */
export interface JitterOptions {
  /** Images are resized by this factor, then cropped back at a random place: 286/256 in the paper; 1 = no jitter. */
  loadScale: number;
  /** Mirror left-right with probability ½. */
  flip: boolean;
}

/**
 * Random jitter and mirroring of a batch, the same for every channel of an image (concatenate an
 * input with its target to jitter a pair alike): bilinear resize to L = round(S·loadScale), a crop
 * of S x S at a random integer offset in 0..L-S, then a left-right flip where the noise says so.
 * (Crops are slices at offsets read from `noise`: the wasm backend's CropAndResize in tfjs 4.22
 * cropped the wrong region for the second box of a two-image batch where cpu got it right.)
 * @param images [N, S, S, C] (square)
 * @param noise [N, 3] uniform in [0, 1): crop row, crop column, flip (< 0.5 flips); e.g. from
 *   ctx.uniform(..., rngStreams.augment).
 * @returns [N, S, S, C]. Caller disposes `images`, `noise` and the result.
 */
export async function randomJitter(images: tf.Tensor4D, noise: tf.Tensor2D, options: JitterOptions): Promise<tf.Tensor4D> {
  const [n, size, width, channels] = images.shape;
  if (size !== width) throw new Error(`random jitter needs square images, got ${size}x${width}`);
  const load = Math.round(size * options.loadScale);
  if (!(load >= size)) throw new Error(`loadScale must be 1 or more (resize up, then crop), got ${options.loadScale}`);
  if (load === size && !options.flip) return tf.clone(images);
  const u = await noise.data();
  return tf.tidy(() => {
    const resized = load > size ? tf.image.resizeBilinear(images, [load, load], false, true) : images; // [N, L, L, C], half-pixel centres as PIL
    const crops = Array.from({ length: n }, (_, i) => {
      const row = Math.floor(u[3 * i]! * (load - size + 1));
      const col = Math.floor(u[3 * i + 1]! * (load - size + 1));
      const crop = tf.slice(resized, [i, row, col, 0], [1, size, size, channels]);
      return options.flip && u[3 * i + 2]! < 0.5 ? tf.reverse(crop, 2) : crop;
    });
    return tf.concat(crops, 0);
  });
}
