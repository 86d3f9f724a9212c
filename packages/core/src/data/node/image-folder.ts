// A folder of PNG/JPEG images (searched recursively) as an ImageDataset; classes from subfolders.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

import { DataError, imageSizeOf, type ImageDataset, type ImageSize } from '../dataset.js';
import { stratifiedSubset, subsetName, type SubsetChoice } from '../subset.js';
import { decodeImage, resizeImage } from '../../image/image.js';

export const EXTENSIONS = ['.png', '.jpg', '.jpeg'];
/** Files read and decoded at once: overlaps file reads with decoding, bounds memory. */
const CONCURRENCY = 4;
/** Class of the images lying directly in the root when there are class subfolders too. */
const ROOT_CLASS = '(root)';

/** Options of {@link loadImageFolder}. */
export interface ImageFolderOptions {
  /** Images are centre-cropped and resized to size x size, or height x width. */
  size: number | ImageSize;
  /** Channels of the result: 1 (RGB converted by luma) or 3 (gray repeated). */
  channels: 1 | 3;
  /** Load only the first `limit` images in path order (classes are those of the loaded images). */
  limit?: number;
  /**
   * Load a seeded subset instead (`--limit`; see data/subset.ts): the same number of images from
   * every class subfolder; only the chosen files are decoded; classes are those of the whole folder.
   */
  subset?: SubsetChoice;
}

/** Paths of the images under `dir`, relative to it, sorted by code unit (locale-independent). */
export async function findImages(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue; // hidden files, e.g. macOS "._x.png" resource forks
      const path = join(folder, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(path)).isDirectory());
      if (isDir) await walk(path);
      else if (EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) found.push(relative(dir, path));
    }
  };
  await walk(dir);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Loads every .png/.jpg/.jpeg file under `dir` (recursively, case-insensitive extensions, hidden
 * files skipped, sorted paths), centre-cropped and resized to `size` x `size` x `channels`.
 *
 * Labels come from the first-level subfolder names, sorted: `dir/cat/a.png` is class "cat".
 * A folder with images only in its root is unlabeled (`classNames` = []); when the root holds
 * images beside class subfolders, those images form the class "(root)".
 * @throws DataError when `dir` is missing, is not a folder, or holds no images.
 * @throws ImageDecodeError naming a file that cannot be decoded.
 */
export async function loadImageFolder(dir: string, options: ImageFolderOptions): Promise<ImageDataset> {
  const { size, channels, limit, subset } = options;
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new DataError(`data folder "${dir}" does not exist; pass --data with a folder of PNG/JPEG images`);
  if (!info.isDirectory()) throw new DataError(`data path "${dir}" is not a folder; pass --data with a folder of PNG/JPEG images`);

  let paths = (await findImages(dir)).slice(0, limit);
  if (paths.length === 0) {
    throw new DataError(`data folder "${dir}" holds no images (looked for ${EXTENSIONS.join(', ')} files, any case, in all subfolders)`);
  }

  // Class of each image: its first path segment when it sits in a subfolder.
  let folders = paths.map((p) => (p.includes(sep) ? p.slice(0, p.indexOf(sep)) : undefined));
  const labeled = folders.some((f) => f !== undefined);
  const classNames = labeled ? [...new Set(folders.map((f) => f ?? ROOT_CLASS))].sort() : [];
  const classIndex = new Map(classNames.map((name, i) => [name, i]));
  if (subset) {
    const all = Int32Array.from(folders, (f) => (labeled ? classIndex.get(f ?? ROOT_CLASS)! : 0));
    const chosen = Array.from(stratifiedSubset(all, subset.count, subset.seed, `data folder "${dir}"`));
    paths = chosen.map((i) => paths[i]!);
    folders = chosen.map((i) => folders[i]);
  }

  const count = paths.length;
  const { height, width } = imageSizeOf(size);
  const imageSize = height * width * channels;
  const images = new Uint8Array(count * imageSize);
  const labels = new Int32Array(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const path = join(dir, paths[i]!);
      try {
        images.set(resizeImage(decodeImage(await readFile(path), path), { height, width }, channels).data, i * imageSize);
      } catch (error) {
        next = count; // stop the other workers too
        throw error;
      }
      labels[i] = labeled ? classIndex.get(folders[i] ?? ROOT_CLASS)! : 0;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));

  return { name: subset ? subsetName(dir, subset) : dir, count, height, width, channels, images, labels, classNames };
}
