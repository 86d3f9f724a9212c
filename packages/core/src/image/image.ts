// Image I/O and pixel helpers, pure JS: PNG/JPEG decoding, PNG encoding, crop + resize, sample grids.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { imageSizeOf, type ImageSize } from '../data/dataset.js';

/** An 8-bit image in memory. */
export interface PixelImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** 1 = grayscale, 3 = RGB. */
  channels: 1 | 3;
  /** Pixel values 0..255, [H, W, C] row-major. */
  data: Uint8Array;
}

/** A file that is not a readable PNG or JPEG image; the message names the file. */
export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError';
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
/** jpeg-js refuses images whose decoding would need more than this (its own default, stated). */
const JPEG_MAX_MEMORY_MB = 512;

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Decodes a PNG or JPEG image, detected by its magic bytes (not by `name`, which is only used in
 * error messages).
 * - PNG: grayscale PNGs give 1 channel, colour and palette PNGs 3; 16-bit samples are scaled to
 *   8 bits; an alpha channel is composited on black (`value * alpha / 255`).
 * - JPEG: always 3 channels (a grayscale JPEG gives R = G = B).
 * @throws ImageDecodeError naming the file when it is neither format or is corrupt.
 */
export function decodeImage(bytes: Uint8Array, name: string): PixelImage {
  const fail = (why: string) =>
    new ImageDecodeError(`cannot decode image "${name}": ${why}; remove it or convert it to PNG/JPEG`);
  if (startsWith(bytes, PNG_MAGIC)) {
    let png: ReturnType<typeof PNG.sync.read>;
    try {
      png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (error) {
      throw fail(`corrupt PNG (${(error as Error).message})`);
    }
    const channels = png.color ? 3 : 1;
    const pixels = png.width * png.height;
    const data = new Uint8Array(pixels * channels);
    for (let p = 0; p < pixels; p++) {
      const alpha = png.data[4 * p + 3]! / 255;
      for (let c = 0; c < channels; c++) data[p * channels + c] = Math.round(png.data[4 * p + c]! * alpha);
    }
    return { width: png.width, height: png.height, channels, data };
  }
  if (startsWith(bytes, JPEG_MAGIC)) {
    try {
      const jpg = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB });
      return { width: jpg.width, height: jpg.height, channels: 3, data: jpg.data };
    } catch (error) {
      throw fail(`corrupt JPEG (${(error as Error).message})`);
    }
  }
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw fail(`not a PNG or JPEG file (first bytes: ${head || 'none, the file is empty'})`);
}

/** Encodes an image as an 8-bit grayscale or RGB PNG. */
export function encodePng(image: PixelImage): Uint8Array {
  const colorType = image.channels === 1 ? 0 : 2;
  const png = new PNG({ width: image.width, height: image.height, colorType, inputColorType: colorType, inputHasAlpha: false });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return new Uint8Array(PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: false }));
}

/**
 * Source taps for each of `dst` output samples read from `src` input samples: a box filter
 * (area average, exact fractional overlaps) when shrinking, bilinear with half-pixel centres
 * when enlarging. Weights of each output sum to 1.
 */
function axisTaps(src: number, dst: number): { index: number; weight: number }[][] {
  const scale = src / dst;
  return Array.from({ length: dst }, (_, o) => {
    if (scale >= 1) {
      const start = o * scale;
      const end = start + scale;
      const taps = [];
      for (let i = Math.floor(start); i < Math.min(Math.ceil(end), src); i++) {
        const overlap = Math.min(end, i + 1) - Math.max(start, i);
        if (overlap > 1e-9) taps.push({ index: i, weight: overlap / scale });
      }
      return taps;
    }
    const x = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), src - 1);
    const i = Math.floor(x);
    const t = x - i;
    return t > 0 ? [{ index: i, weight: 1 - t }, { index: i + 1, weight: t }] : [{ index: i, weight: 1 }];
  });
}

/**
 * Centre-crops `image` to the aspect of `size` (a square for a number, else height : width),
 * resizes it to size x size or height x width (area average when shrinking, bilinear when
 * enlarging) and converts it to `channels` (RGB -> gray by luma 0.299 R + 0.587 G + 0.114 B;
 * gray -> RGB by repeating).
 */
export function resizeImage(image: PixelImage, size: number | ImageSize, channels: 1 | 3): PixelImage {
  const { height, width } = imageSizeOf(size);
  // The largest centred crop of the output's aspect: full height when the image is wider than that aspect.
  const wider = image.width * height >= image.height * width;
  const cropHeight = wider ? image.height : Math.min(image.height, Math.round((image.width * height) / width));
  const cropWidth = wider ? Math.min(image.width, Math.round((image.height * width) / height)) : image.width;
  const x0 = Math.floor((image.width - cropWidth) / 2);
  const y0 = Math.floor((image.height - cropHeight) / 2);
  const rowTaps = axisTaps(cropHeight, height);
  const columnTaps = cropWidth === cropHeight && width === height ? rowTaps : axisTaps(cropWidth, width);
  const cin = image.channels;
  const out = new Uint8Array(height * width * channels);
  const pixel = new Float64Array(cin);
  for (let oy = 0; oy < height; oy++) {
    for (let ox = 0; ox < width; ox++) {
      pixel.fill(0);
      for (const ty of rowTaps[oy]!) {
        const row = (y0 + ty.index) * image.width;
        for (const tx of columnTaps[ox]!) {
          const w = ty.weight * tx.weight;
          const base = (row + x0 + tx.index) * cin;
          for (let c = 0; c < cin; c++) pixel[c]! += w * image.data[base + c]!;
        }
      }
      const o = (oy * width + ox) * channels;
      if (cin === channels) for (let c = 0; c < cin; c++) out[o + c] = Math.round(pixel[c]!);
      else if (channels === 1) out[o] = Math.round(0.299 * pixel[0]! + 0.587 * pixel[1]! + 0.114 * pixel[2]!);
      else out.fill(Math.round(pixel[0]!), o, o + 3);
    }
  }
  return { width, height, channels, data: out };
}

/** A batch of images as floats in [-1, 1] (a generator's output). */
export interface ImageBatch {
  /** Pixel values, [count, height, width, channels]. */
  data: Float32Array;
  count: number;
  height: number;
  width: number;
  channels: 1 | 3;
}

/**
 * Tiles a batch into one image: image k goes to row floor(k / columns), column k % columns, with
 * `padding` black pixels around and between cells. Values in [-1, 1] map to 0..255
 * (`round((v + 1) * 127.5)`, clamped).
 * @param columns cells per row; default ceil(sqrt(count)).
 */
export function makeGrid(images: ImageBatch, columns = Math.ceil(Math.sqrt(images.count)), padding = 2): PixelImage {
  const { count, height, width, channels } = images;
  const rows = Math.ceil(count / columns);
  const gridWidth = columns * (width + padding) + padding;
  const gridHeight = rows * (height + padding) + padding;
  const data = new Uint8Array(gridWidth * gridHeight * channels);
  for (let k = 0; k < count; k++) {
    const left = padding + (k % columns) * (width + padding);
    const top = padding + Math.floor(k / columns) * (height + padding);
    for (let y = 0; y < height; y++) {
      const src = ((k * height + y) * width) * channels;
      const dst = ((top + y) * gridWidth + left) * channels;
      for (let i = 0; i < width * channels; i++) {
        const v = Math.round((images.data[src + i]! + 1) * 127.5);
        data[dst + i] = Math.min(255, Math.max(0, v));
      }
    }
  }
  return { width: gridWidth, height: gridHeight, channels, data };
}
