// Paired (pix2pix) and unpaired (CycleGAN) folder loaders.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DataError } from '../src/data/index.js';
import { encodePng, type PixelImage } from '../src/image/index.js';
import { loadPairedFolder, loadUnpairedFolders } from '../src/data/node/index.js';

/** A width x height RGB image of one colour. */
const solid = (width: number, height: number, rgb: number[]): PixelImage => ({
  width,
  height,
  channels: 3,
  data: Uint8Array.from({ length: width * height * 3 }, (_, i) => rgb[i % 3]!),
});
/** A|B side by side: the left half one colour, the right half another. */
const sideBySide = (size: number, a: number[], b: number[]): PixelImage => {
  const image = solid(2 * size, size, a);
  for (let y = 0; y < size; y++) for (let x = size; x < 2 * size; x++) image.data.set(b, (y * 2 * size + x) * 3);
  return image;
};

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ganforge-paired-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function folder(name: string, files: Record<string, PixelImage | string>): Promise<string> {
  const dir = join(root, name);
  for (const [path, image] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), typeof image === 'string' ? image : encodePng(image));
  }
  return dir;
}
const firstPixel = (images: Uint8Array, k: number, size: number) => Array.from(images.subarray(k * size * size * 3, k * size * size * 3 + 3));

describe('loadPairedFolder', () => {
  it('splits side-by-side A|B images of the train split, in name order; BtoA swaps input and target', async () => {
    const dir = await folder('facades', {
      'train/2.png': sideBySide(8, [10, 20, 30], [200, 210, 220]),
      'train/1.png': sideBySide(8, [40, 50, 60], [100, 110, 120]),
      'test/1.png': sideBySide(8, [1, 2, 3], [4, 5, 6]),
    });
    const data = await loadPairedFolder(dir, { size: 4, channels: 3 });
    expect(data.paired).toBe(true);
    expect([data.source.count, data.source.height, data.images.count, data.images.width]).toEqual([2, 4, 2, 4]);
    expect(firstPixel(data.source.images, 0, 4)).toEqual([40, 50, 60]); // 1.png's A
    expect(firstPixel(data.images.images, 0, 4)).toEqual([100, 110, 120]); // 1.png's B
    expect(firstPixel(data.source.images, 1, 4)).toEqual([10, 20, 30]);
    const swapped = await loadPairedFolder(dir, { size: 4, channels: 3, direction: 'BtoA' });
    expect(firstPixel(swapped.source.images, 0, 4)).toEqual([100, 110, 120]);
    expect(firstPixel(swapped.images.images, 0, 4)).toEqual([40, 50, 60]);
    const test = await loadPairedFolder(dir, { size: 4, channels: 1, split: 'test' });
    expect([test.source.count, test.source.channels]).toEqual([1, 1]);
    // A folder of pairs passed directly (no split subfolder) is read as it is.
    expect((await loadPairedFolder(join(dir, 'test'), { size: 4, channels: 3, split: 'test' })).source.count).toBe(1);
  });

  it('loads pairs and unpaired domains at height x width (--size HxW), both sides of a pair alike', async () => {
    const paired = await folder('wide-pairs', { 'train/1.png': sideBySide(8, [40, 50, 60], [100, 110, 120]) });
    const data = await loadPairedFolder(paired, { size: { height: 2, width: 4 }, channels: 3 });
    for (const side of [data.source, data.images]) expect([side.height, side.width, side.images.length]).toEqual([2, 4, 2 * 4 * 3]);
    expect(Array.from(data.images.images.subarray(21, 24))).toEqual([100, 110, 120]);
    const unpaired = await folder('wide-domains', { 'trainA/a.png': solid(6, 6, [1, 2, 3]), 'trainB/b.png': solid(5, 9, [4, 5, 6]) });
    const domains = await loadUnpairedFolders(unpaired, { size: { height: 4, width: 2 }, channels: 3 });
    for (const side of [domains.source!, domains.images]) expect([side.height, side.width, side.images.length]).toEqual([4, 2, 4 * 2 * 3]);
  });

  it('pairs A/ and B/ folders by file name, extension aside', async () => {
    const dir = await folder('two', {
      'A/x.png': solid(6, 6, [1, 1, 1]),
      'A/y.png': solid(6, 6, [2, 2, 2]),
      'B/y.PNG': solid(6, 6, [8, 8, 8]),
      'B/x.png': solid(6, 6, [9, 9, 9]),
    });
    const data = await loadPairedFolder(dir, { size: 3, channels: 3 });
    expect(data.source.count).toBe(2);
    expect([firstPixel(data.source.images, 1, 3), firstPixel(data.images.images, 1, 3)]).toEqual([[2, 2, 2], [8, 8, 8]]);
  });

  it.each([
    ['a file of A/ without its partner', { 'A/x.png': solid(4, 4, [0, 0, 0]), 'A/lonely.png': solid(4, 4, [0, 0, 0]), 'B/x.png': solid(4, 4, [0, 0, 0]) }, /A\/lonely\.png" has no partner in ".*B" \(pairs match by file name\)/],
    ['a file of B/ without its partner', { 'A/x.png': solid(4, 4, [0, 0, 0]), 'B/x.png': solid(4, 4, [0, 0, 0]), 'B/extra.png': solid(4, 4, [0, 0, 0]) }, /B\/extra\.png" has no partner in ".*A"/],
    ['a pair of different sizes', { 'A/x.png': solid(4, 4, [0, 0, 0]), 'B/x.png': solid(6, 4, [0, 0, 0]) }, /pair ".*A\/x\.png" \(4x4\) and ".*B\/x\.png" \(6x4\) differ in size/],
    ['a side-by-side image of odd width', { 'train/odd.png': solid(9, 4, [0, 0, 0]) }, /pair image ".*train\/odd\.png" is 9x4: a side-by-side A\|B pair needs an even width/],
    ['a folder without pairs', { 'notes/readme.png': solid(4, 4, [0, 0, 0]) }, /has no "train" split: expected side-by-side A\|B images/],
  ])('names the file for %s', async (name, files, message) => {
    const dir = await folder(name.replace(/\W+/g, '-'), files);
    const loading = loadPairedFolder(dir, { size: 4, channels: 3 });
    await expect(loading).rejects.toThrow(DataError);
    await expect(loading).rejects.toThrow(message);
  });

  it('says a missing folder does not exist, and loads the built-in edges2shapes set by name', async () => {
    await expect(loadPairedFolder(join(root, 'nope'), { size: 4, channels: 3 })).rejects.toThrow(/data folder ".*nope" does not exist/);
    const train = await loadPairedFolder('edges2shapes', { size: 16, channels: 3, limit: 5 });
    expect([train.source.count, train.images.count, train.source.height]).toEqual([5, 5, 16]);
    const test = await loadPairedFolder('edges2shapes', { size: 16, channels: 3, split: 'test' });
    expect(test.source.count).toBe(100);
    // Edge maps are white with black outlines; targets white with coloured shapes.
    expect(firstPixel(train.source.images, 0, 16)).toEqual([255, 255, 255]);
  });
});

describe('loadUnpairedFolders', () => {
  it("reads CycleGAN's trainA/ and trainB/ (or testA/ testB/) as source and images, of any counts", async () => {
    const dir = await folder('horse2zebra', {
      'trainA/h1.png': solid(8, 8, [1, 2, 3]),
      'trainA/h2.jpg.png': solid(8, 8, [1, 2, 3]),
      'trainB/z1.png': solid(8, 8, [7, 8, 9]),
      'testA/h.png': solid(8, 8, [1, 2, 3]),
      'testB/z.png': solid(8, 8, [7, 8, 9]),
      'testB/z2.png': solid(8, 8, [7, 8, 9]),
    });
    const train = await loadUnpairedFolders(dir, { size: 4, channels: 3 });
    expect(train.paired).toBe(false);
    expect([train.source.count, train.images.count]).toEqual([2, 1]);
    expect(firstPixel(train.source.images, 0, 4)).toEqual([1, 2, 3]);
    const test = await loadUnpairedFolders(dir, { size: 4, channels: 3, split: 'test', direction: 'BtoA' });
    expect([test.source.count, test.images.count]).toEqual([2, 1]);
    expect(firstPixel(test.source.images, 0, 4)).toEqual([7, 8, 9]);
    await expect(loadUnpairedFolders(join(dir, 'trainA'), { size: 4, channels: 3 })).rejects.toThrow(/has no trainA\/ folder; CycleGAN's layout is trainA\/, trainB\/, testA\/, testB\//);
    const builtin = await loadUnpairedFolders('day2night', { size: 8, channels: 3, limit: 3 });
    expect([builtin.source.count, builtin.images.count]).toEqual([3, 3]);
  });
});
