/**
 * Super-resolution of whole images of any size: the generator runs on overlapping tiles, so its
 * memory stays bounded by the tile size, and each tile's output keeps only its core. With an
 * overlap of at least the generator's receptive radius the result equals running on the whole
 * image (to float rounding); smaller overlaps trade exactness near tile seams for speed.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageRunner, UpscaleOptions } from '@ganforge/core';
import type { PixelImage } from '@ganforge/core/image';
import type { SrganConfig } from './config.js';
import { receptiveRadius } from './generator.js';

/** Default tile side in LR pixels (before the overlap margin). */
export const defaultTileSize = 128;

/** `image` with `channels` channels: RGB -> gray by BT.601 luma weights, gray -> RGB by repeating. */
export function toChannels(image: PixelImage, channels: 1 | 3): PixelImage {
  if (image.channels === channels) return image;
  const pixels = image.width * image.height;
  const data = new Uint8Array(pixels * channels);
  for (let p = 0; p < pixels; p++) {
    if (channels === 3) data.fill(image.data[p]!, 3 * p, 3 * p + 3);
    else data[p] = Math.round(0.299 * image.data[3 * p]! + 0.587 * image.data[3 * p + 1]! + 0.114 * image.data[3 * p + 2]!);
  }
  return { width: image.width, height: image.height, channels, data };
}

/** The generator on one tile (tfjs in inference mode, or another runtime); disposes `tile`. */
async function runTile(generator: tf.LayersModel | ImageRunner, tile: tf.Tensor4D): Promise<tf.Tensor4D> {
  try {
    return 'predict' in generator ? tf.tidy(() => generator.predict(tile) as tf.Tensor4D) : await generator.run(tile);
  } finally {
    tile.dispose();
  }
}

/**
 * `image` enlarged config.scale times by `generator` (tfjs in inference mode, or an ImageRunner
 * such as an ONNX Runtime session), tile by tile.
 * @param options.tileSize LR pixels per tile side (default 128)
 * @param options.overlap LR pixels of context around each tile (default: the receptive radius, exact)
 * @param options.onTile progress after each tile
 */
export async function upscaleImage(generator: tf.LayersModel | ImageRunner, image: PixelImage, config: SrganConfig, options: UpscaleOptions = {}): Promise<PixelImage> {
  const { scale } = config;
  const tile = options.tileSize ?? defaultTileSize;
  const overlap = options.overlap ?? receptiveRadius(config);
  if (!Number.isInteger(tile) || tile < 1 || !Number.isInteger(overlap) || overlap < 0) {
    throw new Error(`tile size must be a positive integer and overlap a whole number, got ${tile} and ${overlap}`);
  }
  const input = toChannels(image, config.channels);
  const { width, height, channels } = input;
  const outWidth = width * scale;
  const out = new Uint8Array(outWidth * height * scale * channels);
  const rows = Math.ceil(height / tile);
  const columns = Math.ceil(width / tile);
  let done = 0;
  for (let ty = 0; ty < rows; ty++) {
    for (let tx = 0; tx < columns; tx++) {
      // Core [y0, y1) x [x0, x1) of this tile; the network sees it with `overlap` pixels around.
      const y0 = ty * tile;
      const x0 = tx * tile;
      const y1 = Math.min(height, y0 + tile);
      const x1 = Math.min(width, x0 + tile);
      const py0 = Math.max(0, y0 - overlap);
      const px0 = Math.max(0, x0 - overlap);
      const py1 = Math.min(height, y1 + overlap);
      const px1 = Math.min(width, x1 + overlap);
      const pw = px1 - px0;
      const ph = py1 - py0;
      const patch = new Float32Array(ph * pw * channels);
      for (let y = 0; y < ph; y++) {
        const from = ((py0 + y) * width + px0) * channels;
        for (let k = 0; k < pw * channels; k++) patch[y * pw * channels + k] = input.data[from + k]! / 127.5 - 1;
      }
      const sr = await runTile(generator, tf.tensor4d(patch, [1, ph, pw, channels])); // [1, ph·s, pw·s, C]
      const values = await sr.data();
      sr.dispose();
      const srWidth = pw * scale;
      for (let y = (y0 - py0) * scale; y < (y1 - py0) * scale; y++) {
        const from = (y * srWidth + (x0 - px0) * scale) * channels;
        const to = (((py0 * scale + y) * outWidth) + x0 * scale) * channels;
        for (let k = 0; k < (x1 - x0) * scale * channels; k++) {
          const v = Math.round((values[from + k]! + 1) * 127.5);
          out[to + k] = v < 0 ? 0 : v > 255 ? 255 : v;
        }
      }
      done += 1;
      options.onTile?.(done, rows * columns);
    }
  }
  return { width: outWidth, height: height * scale, channels, data: out };
}
