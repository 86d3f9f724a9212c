// MNIST and Fashion-MNIST from the optional @ganforge/datasets package (gzipped IDX files, offline).
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

import type * as DatasetsPackage from '@ganforge/datasets';

import { DataError, imageSizeOf, type ImageDataset, type ImageSize } from '../dataset.js';
import { stratifiedSubset, subsetName, type SubsetChoice } from '../subset.js';
import { resizeImage } from '../../image/image.js';

/** Names accepted by {@link loadBuiltinDataset}. */
export const builtinDatasets = ['mnist', 'fashion-mnist'] as const;
/** A built-in dataset's name. */
export type BuiltinDatasetName = (typeof builtinDatasets)[number];

/** Options of {@link loadBuiltinDataset}. */
export interface BuiltinDatasetOptions {
  /** Resize the 28 x 28 images to size x size, or height x width (centre-cropped to that aspect; area average down, bilinear up); default 28. */
  size?: number | ImageSize;
  /** Load only the first `limit` images of the split. */
  limit?: number;
  /** Load a seeded subset of the split instead, the same number of images from every class (`--limit`; see data/subset.ts). */
  subset?: SubsetChoice;
}

const IMAGES_MAGIC = 2051; // 0x00000803: unsigned bytes, rank 3
const LABELS_MAGIC = 2049; // 0x00000801: unsigned bytes, rank 1
const gunzipAsync = promisify(gunzip);

/**
 * Reads a gzipped IDX file and checks its magic number and that its length matches its header.
 * @returns the sizes from the header and the data after it.
 */
async function readIdx(path: string, magic: typeof IMAGES_MAGIC | typeof LABELS_MAGIC) {
  const corrupt = (why: string) =>
    new DataError(`built-in dataset file "${path}" is corrupt (${why}); reinstall @ganforge/datasets`);
  let bytes: Buffer;
  try {
    bytes = await gunzipAsync(await readFile(path));
  } catch (error) {
    throw corrupt(`cannot read or gunzip it: ${(error as Error).message}`);
  }
  const rank = magic === IMAGES_MAGIC ? 3 : 1;
  const headerLength = 4 + 4 * rank;
  const found = bytes.length >= 4 ? bytes.readUInt32BE(0) : undefined;
  if (found !== magic) throw corrupt(`magic number ${found ?? 'missing'}, expected ${magic}`);
  if (bytes.length < headerLength) throw corrupt(`${bytes.length} bytes, shorter than the IDX header`);
  const dims = Array.from({ length: rank }, (_, i) => bytes.readUInt32BE(4 + 4 * i));
  const expected = headerLength + dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== expected) throw corrupt(`${bytes.length} bytes, the header [${dims.join(', ')}] needs ${expected}`);
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + headerLength, expected - headerLength), corrupt };
}

/**
 * Loads a built-in dataset as 1-channel 28 x 28 images (or `options.size`), labels 0..9 and
 * class names. MNIST holds 9,000 train and 1,000 test images (a split of the first 10,000 of
 * MNIST's training set), Fashion-MNIST 60,000 and 10,000: see @ganforge/datasets' README.
 * @throws DataError when @ganforge/datasets is not installed, or a file of it is corrupt.
 */
export async function loadBuiltinDataset(
  name: BuiltinDatasetName,
  split: 'train' | 'test' = 'train',
  options: BuiltinDatasetOptions = {},
): Promise<ImageDataset> {
  if (!builtinDatasets.includes(name)) {
    throw new DataError(`unknown built-in dataset "${name}"; built-in datasets: ${builtinDatasets.join(', ')}`);
  }
  let pkg: typeof DatasetsPackage;
  try {
    pkg = await import('@ganforge/datasets');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new DataError(`built-in dataset "${name}" needs the @ganforge/datasets package: pnpm add @ganforge/datasets`);
  }
  const info = pkg.datasetInfo[name];
  const files = pkg.datasetFiles(name, split);
  const [images, labels] = await Promise.all([readIdx(files.images, IMAGES_MAGIC), readIdx(files.labels, LABELS_MAGIC)]);
  const [total, height, width] = images.dims as [number, number, number];
  if (height !== info.height || width !== info.width) {
    throw images.corrupt(`images are ${height} x ${width}, expected ${info.height} x ${info.width}`);
  }
  if (labels.dims[0] !== total) throw labels.corrupt(`${labels.dims[0]} labels for ${total} images`);
  const classes = info.classNames.length;
  if (labels.data.some((label) => label >= classes)) throw labels.corrupt(`a label is not in 0..${classes - 1}`);

  const allLabels = Int32Array.from(labels.data);
  const out = imageSizeOf(options.size ?? height);
  const pixels = height * width;
  let count = Math.min(total, options.limit ?? total);
  let data = count < total ? images.data.slice(0, count * pixels) : images.data; // a copy frees the rest
  let chosenLabels = allLabels.subarray(0, count);
  if (options.subset) {
    const indices = stratifiedSubset(allLabels, options.subset.count, options.subset.seed, `${name}/${split}`);
    count = indices.length;
    data = new Uint8Array(count * pixels);
    indices.forEach((index, j) => data.set(images.data.subarray(index * pixels, (index + 1) * pixels), j * pixels));
    chosenLabels = Int32Array.from(indices, (i) => allLabels[i]!);
  }
  if (out.height !== height || out.width !== width) {
    const outPixels = out.height * out.width;
    const resized = new Uint8Array(count * outPixels);
    for (let i = 0; i < count; i++) {
      const image = { width, height, channels: 1 as const, data: data.subarray(i * pixels, (i + 1) * pixels) };
      resized.set(resizeImage(image, out, 1).data, i * outPixels);
    }
    data = resized;
  }
  return {
    name: options.subset ? subsetName(`${name}/${split}`, options.subset) : `${name}/${split}`,
    count,
    height: out.height,
    width: out.width,
    channels: 1,
    images: data,
    labels: Int32Array.from(chosenLabels),
    classNames: [...info.classNames],
  };
}
