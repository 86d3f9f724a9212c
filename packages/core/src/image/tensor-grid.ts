import type * as tf from '@tensorflow/tfjs';
import { makeGrid, type PixelImage } from './image.js';

/** Reads a batch [N, H, W, C] in [-1, 1] off the backend (awaiting, never dataSync) and tiles it. */
export async function tensorGrid(images: tf.Tensor4D, columns?: number): Promise<PixelImage> {
  const [count, height, width, channels] = images.shape;
  const data = (await images.data()) as Float32Array;
  return makeGrid({ data, count, height, width, channels: channels as 1 | 3 }, columns);
}
