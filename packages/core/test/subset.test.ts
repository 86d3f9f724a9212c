// `--limit N`: seeded subsets with the same number of images per class, from built-in datasets and
// image folders, and the one-line error when N is more than the source holds.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, stratifiedQuotas, stratifiedSubset, subsetDataset } from '../src/data/index.js';
import { encodePng } from '../src/image/index.js';
import { loadBuiltinDataset, loadImageFolder } from '../src/node/index.js';

const perClass = (labels: Int32Array, classes: number) => Array.from({ length: classes }, (_, k) => labels.filter((l) => l === k).length);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ganforge-subset-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('stratified subsets', () => {
  it('shares the count evenly over the classes; the remainder goes one each in label order; a short class gives what it has', () => {
    expect(stratifiedQuotas(Array(10).fill(100), 1000)).toEqual(Array(10).fill(100));
    expect(stratifiedQuotas(Array(10).fill(200), 1005)).toEqual([101, 101, 101, 101, 101, 100, 100, 100, 100, 100]);
    expect(stratifiedQuotas([3, 50, 50], 60)).toEqual([3, 29, 28]);
    expect(stratifiedQuotas([5, 0, 7], 12)).toEqual([5, 0, 7]);
    expect(stratifiedQuotas([10, 10, 10], 2)).toEqual([1, 1, 0]);
  });

  it('picks distinct examples, ascending, the same for the same seed and others for another seed', () => {
    const labels = Int32Array.from({ length: 300 }, (_, i) => i % 3);
    const a = stratifiedSubset(labels, 30, 7, 'toy');
    expect(a).toEqual(stratifiedSubset(labels, 30, 7, 'toy'));
    expect(a).not.toEqual(stratifiedSubset(labels, 30, 8, 'toy'));
    expect(new Set(a).size).toBe(30);
    expect(Array.from(a)).toEqual([...a].sort((x, y) => x - y));
    expect(perClass(Int32Array.from(a, (i) => labels[i]!), 3)).toEqual([10, 10, 10]);
    // A larger subset keeps the smaller one (each class takes more of the same seeded order).
    const b = new Set(stratifiedSubset(labels, 60, 7, 'toy'));
    expect(Array.from(a).every((i) => b.has(i))).toBe(true);
  });

  it('a limit larger than the source is a one-line DataError with its size', () => {
    const labels = new Int32Array(12);
    expect(() => stratifiedSubset(labels, 13, 0, 'toy')).toThrow(DataError);
    expect(() => stratifiedSubset(labels, 13, 0, 'toy')).toThrow(/^limit 13 is more than toy holds: 12 images$/);
    expect(() => stratifiedSubset(labels, 0, 0, 'toy')).toThrow(/^limit must be a whole number of images, 1 or more, got 0$/);
  });

  it('subsetDataset copies the chosen images with their labels', () => {
    const images = Uint8Array.from({ length: 8 * 4 }, (_, i) => Math.floor(i / 4)); // image k is all k
    const dataset = { name: 'tiny', count: 8, height: 2, width: 2, channels: 1 as const, images, labels: Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1]), classNames: ['a', 'b'] };
    const subset = subsetDataset(dataset, { count: 4, seed: 3 });
    expect(subset.name).toBe('tiny (subset of 4, seed 3)');
    expect(subset.count).toBe(4);
    const chosen = Array.from({ length: 4 }, (_, j) => subset.images[j * 4]!);
    expect(Array.from(subset.labels)).toEqual(chosen.map((k) => dataset.labels[k]!));
    expect(perClass(subset.labels, 2)).toEqual([2, 2]);
  });
});

describe('--limit on data sources', () => {
  it('Fashion-MNIST --limit 1000: 100 of each class, seeded; MNIST --limit 1005: 101 of classes 0-4, 100 of 5-9', async () => {
    const fashion = await loadBuiltinDataset('fashion-mnist', 'train', { subset: { count: 1000, seed: 0 } });
    expect([fashion.count, fashion.images.length, fashion.name]).toEqual([1000, 1000 * 784, 'fashion-mnist/train (subset of 1000, seed 0)']);
    expect(perClass(fashion.labels, 10)).toEqual(Array(10).fill(100));
    const mnist = await loadBuiltinDataset('mnist', 'train', { subset: { count: 1005, seed: 1 }, size: 32 });
    expect(perClass(mnist.labels, 10)).toEqual([101, 101, 101, 101, 101, 100, 100, 100, 100, 100]);
    expect(mnist.images.length).toBe(1005 * 32 * 32);
    // The same seed picks the same images, another seed others; images keep their labels.
    const full = await loadBuiltinDataset('mnist', 'train');
    const again = await loadBuiltinDataset('mnist', 'train', { subset: { count: 1005, seed: 1 } });
    const other = await loadBuiltinDataset('mnist', 'train', { subset: { count: 1005, seed: 2 } });
    expect(again.images).toEqual((await loadBuiltinDataset('mnist', 'train', { subset: { count: 1005, seed: 1 } })).images);
    expect(other.images).not.toEqual(again.images);
    const indices = stratifiedSubset(full.labels, 1005, 1, 'mnist/train');
    expect(again.images.subarray(784 * 7, 784 * 8)).toEqual(full.images.subarray(784 * indices[7]!, 784 * (indices[7]! + 1)));
    expect(Array.from(again.labels)).toEqual(Array.from(indices, (i) => full.labels[i]!));
  });

  it('--limit larger than the built-in split: one line with its size', async () => {
    await expect(loadBuiltinDataset('mnist', 'train', { subset: { count: 9001, seed: 0 } })).rejects.toThrow(/^limit 9001 is more than mnist\/train holds: 9000 images$/);
  });

  it('image folders: stratified by class subfolder, or a plain seeded subset without subfolders', async () => {
    const png = (v: number) => encodePng({ width: 2, height: 2, channels: 1, data: new Uint8Array(4).fill(v) });
    const classes = join(root, 'classes');
    for (let i = 0; i < 6; i++) {
      await mkdir(join(classes, 'cats'), { recursive: true });
      await mkdir(join(classes, 'dogs'), { recursive: true });
      await writeFile(join(classes, 'cats', `${i}.png`), png(i));
      if (i < 3) await writeFile(join(classes, 'dogs', `${i}.png`), png(100 + i));
    }
    const data = await loadImageFolder(classes, { size: 2, channels: 1, subset: { count: 4, seed: 5 } });
    expect(data.classNames).toEqual(['cats', 'dogs']);
    expect(perClass(data.labels, 2)).toEqual([2, 2]);
    Array.from(data.labels).forEach((label, j) => expect(data.images[j * 4]! >= 100).toBe(label === 1));
    expect(data.name).toBe(`${classes} (subset of 4, seed 5)`);
    // 8 of 9 with the dogs short of an even share: all 3 dogs and 5 cats.
    expect(perClass((await loadImageFolder(classes, { size: 2, channels: 1, subset: { count: 8, seed: 5 } })).labels, 2)).toEqual([5, 3]);
    await expect(loadImageFolder(classes, { size: 2, channels: 1, subset: { count: 10, seed: 5 } })).rejects.toThrow(`limit 10 is more than data folder "${classes}" holds: 9 images`);

    const flat = join(root, 'flat');
    await mkdir(flat, { recursive: true });
    for (let i = 0; i < 5; i++) await writeFile(join(flat, `${i}.png`), png(i * 10));
    const few = await loadImageFolder(flat, { size: 2, channels: 1, subset: { count: 3, seed: 1 } });
    expect(few.count).toBe(3);
    expect(new Set(Array.from({ length: 3 }, (_, j) => few.images[j * 4])).size).toBe(3);
  });
});
