import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import type * as DatasetsPackage from '@ganforge/datasets';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { DataError } from '../src/data/index.js';
import { encodePng, ImageDecodeError, resizeImage, type PixelImage } from '../src/image/index.js';
import { loadBuiltinDataset, loadImageFolder } from '../src/data/node/index.js';

/** A width x height image filled with one value (gray) or colour. */
const solid = (width: number, height: number, value: number[]): PixelImage => ({
  width,
  height,
  channels: value.length as 1 | 3,
  data: Uint8Array.from({ length: width * height * value.length }, (_, i) => value[i % value.length]!),
});

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ganforge-data-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes files (relative path -> bytes) under a fresh folder and returns its path. */
async function folder(name: string, files: Record<string, Uint8Array | string>): Promise<string> {
  const dir = join(root, name);
  for (const [path, bytes] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), bytes);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('loadImageFolder', () => {
  it('loads class subfolders recursively with sorted labels, resized and converted', async () => {
    const rgba = Buffer.alloc(10 * 10 * 4, 255);
    const dir = await folder('classes', {
      'dogs/b.png': encodePng(solid(12, 8, [200])),
      'dogs/deeper/a.JPG': jpeg.encode({ width: 10, height: 10, data: rgba }, 90).data,
      'cats/z.png': encodePng(solid(4, 4, [100, 100, 100])),
      'cats/a.png': encodePng(solid(16, 16, [30])),
      'cats/notes.txt': 'not an image',
      'cats/.hidden.png': 'skipped',
    });
    const data = await loadImageFolder(dir, { size: 8, channels: 3 });
    expect(data.classNames).toEqual(['cats', 'dogs']);
    expect([data.count, data.height, data.width, data.channels]).toEqual([4, 8, 8, 3]);
    expect(data.images).toHaveLength(4 * 8 * 8 * 3);
    // sorted paths: cats/a.png, cats/z.png, dogs/b.png, dogs/deeper/a.JPG
    expect(Array.from(data.labels)).toEqual([0, 0, 1, 1]);
    const firstPixel = (k: number) => data.images[k * 8 * 8 * 3];
    expect([firstPixel(0), firstPixel(1), firstPixel(2)]).toEqual([30, 100, 200]);
    expect(firstPixel(3)).toBeGreaterThan(250);

    const limited = await loadImageFolder(dir, { size: 4, channels: 1, limit: 3 });
    expect([limited.count, limited.channels, limited.images.length]).toEqual([3, 1, 3 * 16]);
  });

  it('leaves a flat folder unlabeled and gives root images beside subfolders the class "(root)"', async () => {
    const flat = await folder('flat', { 'a.png': encodePng(solid(2, 2, [1])), 'b.png': encodePng(solid(2, 2, [2])) });
    const unlabeled = await loadImageFolder(flat, { size: 2, channels: 1 });
    expect(unlabeled.classNames).toEqual([]);
    expect(Array.from(unlabeled.labels)).toEqual([0, 0]);
    expect(Array.from(unlabeled.images)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);

    const mixed = await folder('mixed', { 'r.png': encodePng(solid(2, 2, [1])), 'x/a.png': encodePng(solid(2, 2, [2])) });
    const labeled = await loadImageFolder(mixed, { size: 2, channels: 1 });
    expect(labeled.classNames).toEqual(['(root)', 'x']);
    expect(Array.from(labeled.labels)).toEqual([0, 1]);
  });

  it('throws DataError naming a missing folder, a file, and a folder without images', async () => {
    const missing = join(root, 'nope');
    await expect(loadImageFolder(missing, { size: 8, channels: 1 })).rejects.toThrow(DataError);
    await expect(loadImageFolder(missing, { size: 8, channels: 1 })).rejects.toThrow(`data folder "${missing}" does not exist`);
    const file = join(await folder('single', { 'one.png': encodePng(solid(2, 2, [1])) }), 'one.png');
    await expect(loadImageFolder(file, { size: 8, channels: 1 })).rejects.toThrow(`"${file}" is not a folder`);
    const empty = await folder('empty', { 'readme.txt': 'no images here' });
    await expect(loadImageFolder(empty, { size: 8, channels: 1 })).rejects.toThrow(
      new RegExp(`"${empty}" holds no images \\(looked for \\.png, \\.jpg, \\.jpeg`),
    );
  });

  it('throws ImageDecodeError naming a corrupt file', async () => {
    const dir = await folder('corrupt', { 'a/good.png': encodePng(solid(2, 2, [1])), 'a/bad.png': 'garbage' });
    const load = loadImageFolder(dir, { size: 2, channels: 1 });
    await expect(load).rejects.toThrow(ImageDecodeError);
    await expect(load).rejects.toThrow(`cannot decode image "${join(dir, 'a/bad.png')}"`);
  });
});

describe('loadBuiltinDataset', () => {
  const perClass = (labels: Int32Array) => Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);

  it('loads MNIST: the first 10,000 training digits split 9,000 / 1,000', async () => {
    const train = await loadBuiltinDataset('mnist');
    expect([train.name, train.count, train.height, train.width, train.channels]).toEqual(['mnist/train', 9000, 28, 28, 1]);
    expect(train.images).toBeInstanceOf(Uint8Array);
    expect(train.images).toHaveLength(9000 * 28 * 28);
    expect(train.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const test = await loadBuiltinDataset('mnist', 'test');
    expect(test.count).toBe(1000);
    // together: the class counts of MNIST's train[0:10000]
    const total = perClass(train.labels).map((n, d) => n + perClass(test.labels)[d]!);
    expect(total).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(perClass(test.labels)).toEqual([100, 113, 99, 103, 98, 86, 102, 107, 94, 98]);
    // digits on a black background: corners dark, some ink at full intensity
    expect(train.images[0]).toBe(0);
    expect(Math.max(...train.images.subarray(0, 784))).toBeGreaterThan(200);
  });

  it('loads MNIST at height x width (--size HxW): every image 8 x 16', async () => {
    const wide = await loadBuiltinDataset('mnist', 'test', { size: { height: 8, width: 16 }, limit: 3 });
    expect([wide.count, wide.height, wide.width, wide.images.length]).toEqual([3, 8, 16, 3 * 8 * 16]);
  });

  it('loads Fashion-MNIST: 60,000 train and 10,000 test, balanced', async () => {
    const train = await loadBuiltinDataset('fashion-mnist', 'train');
    expect([train.count, train.height, train.width, train.channels, train.images.length]).toEqual([60000, 28, 28, 1, 60000 * 784]);
    expect(perClass(train.labels)).toEqual(Array(10).fill(6000));
    expect(train.classNames[9]).toBe('Ankle boot');
    const test = await loadBuiltinDataset('fashion-mnist', 'test');
    expect(perClass(test.labels)).toEqual(Array(10).fill(1000));
  });

  it('applies limit and size', async () => {
    const full = await loadBuiltinDataset('mnist', 'test', { limit: 3 });
    const small = await loadBuiltinDataset('mnist', 'test', { limit: 3, size: 14 });
    expect([small.count, small.height, small.images.length]).toEqual([3, 14, 3 * 14 * 14]);
    expect(Array.from(small.labels)).toEqual(Array.from(full.labels));
    const second = { width: 28, height: 28, channels: 1 as const, data: full.images.subarray(784, 2 * 784) };
    expect(small.images.subarray(196, 392)).toEqual(resizeImage(second, 14, 1).data);
  });

  it('throws DataError naming a corrupt IDX file', async () => {
    const bad = join(root, 'bad-images.gz');
    await writeFile(bad, gzipSync(Buffer.from([0, 0, 8, 1, 0, 0, 0, 0])));
    vi.resetModules();
    vi.doMock('@ganforge/datasets', async (original) => ({
      ...(await original<typeof DatasetsPackage>()),
      datasetFiles: () => ({ images: bad, labels: bad }),
    }));
    const { loadBuiltinDataset: load } = await import('../src/data/node/builtin-datasets.js');
    const { DataError: FreshDataError } = await import('../src/data/dataset.js');
    await expect(load('mnist')).rejects.toThrow(FreshDataError);
    await expect(load('mnist')).rejects.toThrow(`"${bad}" is corrupt (magic number 2049, expected 2051)`);
    vi.doUnmock('@ganforge/datasets');
  });
});
