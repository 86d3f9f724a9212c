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
 * input with its target to jitter a pair alike): bilinear resize of both sides by loadScale,
 * H x W to Lh x Lw = round(H·loadScale) x round(W·loadScale), a crop of H x W at a random integer
 * offset in 0..Lh-H, 0..Lw-W, then a left-right flip where the noise says so.
 * (Crops are slices at offsets read from `noise`: the wasm backend's CropAndResize in tfjs 4.22
 * cropped the wrong region for the second box of a two-image batch where cpu got it right.)
 * @param images [N, H, W, C]
 * @param noise [N, 3] uniform in [0, 1): crop row, crop column, flip (< 0.5 flips); e.g. from
 *   ctx.uniform(..., rngStreams.augment).
 * @returns [N, H, W, C]. Caller disposes `images`, `noise` and the result.
 */
export async function randomJitter(images: tf.Tensor4D, noise: tf.Tensor2D, options: JitterOptions): Promise<tf.Tensor4D> {
  const [n, height, width, channels] = images.shape;
  const [loadHeight, loadWidth] = [Math.round(height * options.loadScale), Math.round(width * options.loadScale)];
  if (!(options.loadScale >= 1)) throw new Error(`loadScale must be 1 or more (resize up, then crop), got ${options.loadScale}`);
  if (loadHeight === height && loadWidth === width && !options.flip) return tf.clone(images);
  const u = await noise.data();
  return tf.tidy(() => {
    const resized = loadHeight > height || loadWidth > width ? tf.image.resizeBilinear(images, [loadHeight, loadWidth], false, true) : images; // [N, Lh, Lw, C], half-pixel centres as PIL
    const crops = Array.from({ length: n }, (_, i) => {
      const row = Math.floor(u[3 * i]! * (loadHeight - height + 1));
      const col = Math.floor(u[3 * i + 1]! * (loadWidth - width + 1));
      const crop = tf.slice(resized, [i, row, col, 0], [1, height, width, channels]);
      return options.flip && u[3 * i + 2]! < 0.5 ? tf.reverse(crop, 2) : crop;
    });
    return tf.concat(crops, 0);
  });
}
