import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from './dataset.js';

/** Images start..start+count-1 of `dataset` as [count, H, W, C] in [-1, 1]. Caller disposes. */
export function datasetSlice(dataset: ImageDataset, start: number, count: number): tf.Tensor4D {
  const { height, width, channels } = dataset;
  const pixels = height * width * channels;
  const end = Math.min(dataset.count, start + count);
  const values = Float32Array.from(dataset.images.subarray(start * pixels, end * pixels), (v) => v / 127.5 - 1); // as BatchSource
  return tf.tensor4d(values, [end - start, height, width, channels]);
}
