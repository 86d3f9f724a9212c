/**
 * Paired image-to-image data (pix2pix) from folders, in either of the two layouts of
 * junyanz/pytorch-CycleGAN-and-pix2pix:
 * - side by side: one image per pair, A in the left half and B in the right (the facades, maps,
 *   edges2shoes, ... downloads): `<root>/train/*.jpg`, `<root>/test/*.jpg`, or the files directly in
 *   `<root>`;
 * - two folders with matching file names: `<root>/A/x.png` pairs with `<root>/B/x.png` (optionally
 *   split as `<root>/A/train/`, `<root>/B/train/`, ...). Names match without their extension.
 * A `<root>` that does not exist but names a built-in procedural set (edges2shapes) loads that set.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

import { DataError, imageSizeOf, type ImageDataset, type ImageSize, type TrainingData } from '../dataset.js';
import { decodeImage, resizeImage, type PixelImage } from '../../image/image.js';
import { builtinFolder } from './builtin-folders.js';
import { EXTENSIONS, findImages } from './image-folder.js';

/** Which side of a pair is the input: A -> B (default) or B -> A. */
export type TranslationDirection = 'AtoB' | 'BtoA';
export const translationDirections: readonly TranslationDirection[] = ['AtoB', 'BtoA'];

/** Options of {@link loadPairedFolder}. */
export interface PairedFolderOptions {
  /** Both images of a pair are centre-cropped and resized to size x size, or height x width. */
  size: number | ImageSize;
  /** Channels of both images: 1 (RGB converted by luma) or 3 (gray repeated). */
  channels: 1 | 3;
  /** AtoB (default): A is the input (source) and B the target; BtoA swaps them. */
  direction?: TranslationDirection;
  /** Subfolder read when the root has one of this name: `train` (default), `test`, `val`. */
  split?: string;
  /** Load only the first `limit` pairs in path order. */
  limit?: number;
}

/** Paired data as TrainingData: `source` holds the inputs, `images` their targets. */
export type PairedData = TrainingData & { source: ImageDataset; paired: true };

const isDir = (path: string) => stat(path).then((s) => s.isDirectory(), () => false);
const hasImagesDirectly = async (dir: string) =>
  (await readdir(dir, { withFileTypes: true }).catch(() => [])).some(
    (e) => e.isFile() && !e.name.startsWith('.') && EXTENSIONS.some((ext) => e.name.toLowerCase().endsWith(ext)),
  );
/** A path without its image extension: pairs match on it. */
const stem = (path: string) => path.replace(/\.[^./\\]+$/, '');
/** Files decoded at once (as loadImageFolder). */
const CONCURRENCY = 4;

/** Where the pairs of one split lie. */
type PairedLayout = { kind: 'side-by-side'; dir: string } | { kind: 'two-folders'; a: string; b: string };

async function resolveLayout(root: string, split: string): Promise<PairedLayout> {
  const [a, b] = [join(root, 'A'), join(root, 'B')];
  if ((await isDir(a)) && (await isDir(b))) {
    if ((await isDir(join(a, split))) && (await isDir(join(b, split)))) return { kind: 'two-folders', a: join(a, split), b: join(b, split) };
    return { kind: 'two-folders', a, b };
  }
  if (await isDir(join(root, split))) return { kind: 'side-by-side', dir: join(root, split) };
  if (await hasImagesDirectly(root)) return { kind: 'side-by-side', dir: root };
  throw new DataError(
    `paired data folder "${root}" has no "${split}" split: expected side-by-side A|B images in "${join(root, split)}" or in the folder itself, ` +
      `or two folders "${a}" and "${b}" with matching file names`,
  );
}

/** Runs `work(i)` for i in 0..count-1, a few at a time; the first failure stops the rest. */
async function forEachLimited(count: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      try {
        await work(i);
      } catch (error) {
        next = count;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
}

/** The left (A) and right (B) halves of a side-by-side pair image. */
function splitHalves(image: PixelImage, file: string): [PixelImage, PixelImage] {
  if (image.width % 2 !== 0) {
    throw new DataError(
      `pair image "${file}" is ${image.width}x${image.height}: a side-by-side A|B pair needs an even width (two halves of ${image.height} rows); fix or remove it`,
    );
  }
  const half = image.width / 2;
  const { height, channels } = image;
  const crop = (x0: number): PixelImage => {
    const data = new Uint8Array(half * height * channels);
    for (let y = 0; y < height; y++) {
      const row = (y * image.width + x0) * channels;
      data.set(image.data.subarray(row, row + half * channels), y * half * channels);
    }
    return { width: half, height, channels, data };
  };
  return [crop(0), crop(half)];
}

const dataset = (name: string, count: number, { height, width }: ImageSize, channels: 1 | 3, images: Uint8Array): ImageDataset => ({
  name,
  count,
  height,
  width,
  channels,
  images,
  labels: new Int32Array(count),
  classNames: [],
});

/**
 * Loads paired images for pix2pix: `source` (the inputs) and `images` (their targets), pair i at
 * index i of both, centre-cropped and resized to `size` (N x N, or height x width) x `channels`.
 * @throws DataError when the folder is missing or holds no pairs, when a side-by-side image has an
 *   odd width, when a file of A/ has no partner of the same name in B/ (or the other way round), or
 *   when the two images of a pair differ in size; the message names the file.
 * @throws ImageDecodeError naming a file that cannot be decoded.
 */
export async function loadPairedFolder(root: string, options: PairedFolderOptions): Promise<PairedData> {
  const { size, channels, direction = 'AtoB', split = 'train', limit } = options;
  if (!translationDirections.includes(direction)) {
    throw new DataError(`direction must be AtoB or BtoA, got "${String(direction)}"`);
  }
  const dir = (await stat(root).catch(() => undefined)) ? root : ((await builtinFolder(root)) ?? root);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new DataError(`data folder "${root}" does not exist; pass --data with a folder of paired images (A|B side by side, or A/ and B/ folders)`);
  if (!info.isDirectory()) throw new DataError(`data path "${root}" is not a folder; pass --data with a folder of paired images`);

  const layout = await resolveLayout(dir, split);
  const shape = imageSizeOf(size);
  const pixels = shape.height * shape.width * channels;
  let pairs: { a: string; b: string }[];
  if (layout.kind === 'side-by-side') {
    pairs = (await findImages(layout.dir)).map((p) => ({ a: join(layout.dir, p), b: join(layout.dir, p) }));
  } else {
    const [aFiles, bFiles] = await Promise.all([findImages(layout.a), findImages(layout.b)]);
    const byStem = (files: string[], folder: string) => {
      const map = new Map<string, string>();
      for (const f of files) {
        const key = stem(f);
        const other = map.get(key);
        if (other !== undefined) {
          throw new DataError(`"${join(folder, other)}" and "${join(folder, f)}" have the same name; pairs match by name without extension, keep one`);
        }
        map.set(key, f);
      }
      return map;
    };
    const aByStem = byStem(aFiles, layout.a);
    const bByStem = byStem(bFiles, layout.b);
    for (const [key, f] of bByStem) {
      if (!aByStem.has(key)) throw new DataError(`"${join(layout.b, f)}" has no partner in "${layout.a}" (pairs match by file name); add ${key.split(sep).join('/')}.* there or remove it`);
    }
    pairs = [...aByStem].map(([key, f]) => {
      const partner = bByStem.get(key);
      if (partner === undefined) {
        throw new DataError(`"${join(layout.a, f)}" has no partner in "${layout.b}" (pairs match by file name); add ${key.split(sep).join('/')}.* there or remove it`);
      }
      return { a: join(layout.a, f), b: join(layout.b, partner) };
    });
  }
  pairs = pairs.slice(0, limit);
  if (pairs.length === 0) {
    const where = layout.kind === 'side-by-side' ? `"${layout.dir}"` : `"${layout.a}" and "${layout.b}"`;
    throw new DataError(`paired data folder ${where} holds no images (looked for ${EXTENSIONS.join(', ')} files)`);
  }

  const count = pairs.length;
  const aImages = new Uint8Array(count * pixels);
  const bImages = new Uint8Array(count * pixels);
  await forEachLimited(count, async (i) => {
    const { a, b } = pairs[i]!;
    let halves: [PixelImage, PixelImage];
    if (a === b) {
      halves = splitHalves(decodeImage(await readFile(a), a), a);
    } else {
      const [imageA, imageB] = [decodeImage(await readFile(a), a), decodeImage(await readFile(b), b)];
      if (imageA.width !== imageB.width || imageA.height !== imageB.height) {
        throw new DataError(
          `pair "${a}" (${imageA.width}x${imageA.height}) and "${b}" (${imageB.width}x${imageB.height}) differ in size; the two images of a pair must be the same size`,
        );
      }
      halves = [imageA, imageB];
    }
    aImages.set(resizeImage(halves[0], shape, channels).data, i * pixels);
    bImages.set(resizeImage(halves[1], shape, channels).data, i * pixels);
  });

  const where = layout.kind === 'side-by-side' ? layout.dir : join(dir, '{A,B}');
  const a = dataset(`${where} (A)`, count, shape, channels, aImages);
  const b = dataset(`${where} (B)`, count, shape, channels, bImages);
  return direction === 'AtoB' ? { source: a, images: b, paired: true } : { source: b, images: a, paired: true };
}
