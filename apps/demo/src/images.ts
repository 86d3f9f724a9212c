/** Images between tensors and canvases. Tensors are NHWC; pixels are 0..255 RGBA. */
import * as tf from '@tensorflow/tfjs';

/** [N, H, W, C] in `range` -> one RGBA grid image with `columns` per row (1 px gaps). */
export async function tensorToImageData(images: tf.Tensor4D, range: readonly [number, number], columns = images.shape[0]): Promise<ImageData> {
  const [count, height, width, channels] = images.shape;
  const rows = Math.ceil(count / columns);
  const gap = count > 1 ? 1 : 0;
  const gridWidth = columns * width + (columns - 1) * gap;
  const gridHeight = rows * height + (rows - 1) * gap;
  const [low, high] = range;
  const values = await images.data();
  const rgba = new Uint8ClampedArray(gridWidth * gridHeight * 4).fill(255);
  for (let n = 0; n < count; n++) {
    const top = Math.floor(n / columns) * (height + gap);
    const left = (n % columns) * (width + gap);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const source = ((n * height + y) * width + x) * channels;
        const target = ((top + y) * gridWidth + left + x) * 4;
        for (let c = 0; c < 3; c++) {
          const v = values[source + (channels === 1 ? 0 : c)]!;
          rgba[target + c] = Math.round(((v - low) / (high - low)) * 255);
        }
      }
    }
  }
  return new ImageData(rgba, gridWidth, gridHeight);
}

/**
 * Draws [N, H, W, C] images as a grid onto `canvas` at their own resolution (the canvas takes the
 * grid's size; CSS sets how large it shows). Does not dispose them.
 */
export async function showImages(canvas: HTMLCanvasElement, images: tf.Tensor4D, range: readonly [number, number], columns?: number): Promise<void> {
  const image = await tensorToImageData(images, range, columns);
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')!.putImageData(image, 0, 0);
}

/** A canvas's (or image's) pixels as [1, size, size, channels] in `range`, squashed to a square. Caller disposes. */
export function pixelsToTensor(
  source: HTMLCanvasElement | HTMLImageElement | ImageBitmap,
  size: number,
  channels: 1 | 3,
  range: readonly [number, number] = [-1, 1],
): tf.Tensor4D {
  const square = document.createElement('canvas');
  square.width = size;
  square.height = size;
  const context = square.getContext('2d')!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, size, size);
  const [low, high] = range;
  return tf.tidy(() => {
    const rgb = tf.div(tf.cast(tf.browser.fromPixels(square, 3), 'float32'), 255); // [S, S, 3] in [0, 1]
    const pixels = channels === 1 ? tf.mean(rgb, 2, true) : rgb;
    return tf.expandDims(tf.add(tf.mul(pixels, high - low), low), 0) as tf.Tensor4D;
  });
}

/** The centre square of an image, as a canvas of its own size. */
export function centreSquare(image: HTMLImageElement | ImageBitmap): HTMLCanvasElement {
  const side = Math.min(image.width, image.height);
  const canvas = document.createElement('canvas');
  canvas.width = side;
  canvas.height = side;
  canvas.getContext('2d')!.drawImage(image, (image.width - side) / 2, (image.height - side) / 2, side, side, 0, 0, side, side);
  return canvas;
}
