/**
 * Unpaired image-to-image data (CycleGAN) in the layout of junyanz/pytorch-CycleGAN-and-pix2pix's
 * downloads (horse2zebra, monet2photo, ...): `<root>/trainA/`, `<root>/trainB/`, `<root>/testA/`,
 * `<root>/testB/`, each a folder of images. A `<root>` that does not exist but names a built-in
 * procedural set (day2night, circles2squares) loads that set.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import { DataError, type ImageDataset, type ImageSize, type TrainingData } from '../dataset.js';
import { builtinFolder } from './builtin-folders.js';
import { loadImageFolder } from './image-folder.js';
import type { TranslationDirection } from './paired-folders.js';

/** Options of {@link loadUnpairedFolders}. */
export interface UnpairedFolderOptions {
  /** Images are centre-cropped and resized to size x size, or height x width. */
  size: number | ImageSize;
  /** Channels: 1 (RGB converted by luma) or 3 (gray repeated). */
  channels: 1 | 3;
  /** Which folders: `train` (default) reads trainA/ and trainB/, `test` reads testA/ and testB/. */
  split?: string;
  /** AtoB (default): A is the source domain and B the target (`images`); BtoA swaps them. */
  direction?: TranslationDirection;
  /** Load only the first `limit` images of each domain. */
  limit?: number;
}

/** Unpaired data as TrainingData: `source` is one domain, `images` the other, in no particular correspondence. */
export type UnpairedData = TrainingData & { source: ImageDataset; paired: false };

/**
 * Loads the two domains of a CycleGAN dataset: `source` from `<split>A/` and `images` from
 * `<split>B/` (swapped by direction BtoA), each folder searched recursively.
 * @throws DataError when the root or either domain folder is missing or holds no images.
 */
export async function loadUnpairedFolders(root: string, options: UnpairedFolderOptions): Promise<UnpairedData> {
  const { size, channels, split = 'train', direction = 'AtoB', limit } = options;
  if (direction !== 'AtoB' && direction !== 'BtoA') throw new DataError(`direction must be AtoB or BtoA, got "${String(direction)}"`);
  const dir = (await stat(root).catch(() => undefined)) ? root : ((await builtinFolder(root)) ?? root);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new DataError(`data folder "${root}" does not exist; pass --data with a folder holding ${split}A/ and ${split}B/ (CycleGAN's layout)`);
  }
  const domain = async (letter: 'A' | 'B') => {
    const folder = join(dir, `${split}${letter}`);
    const found = await stat(folder).catch(() => undefined);
    if (!found?.isDirectory()) {
      throw new DataError(`unpaired data folder "${root}" has no ${split}${letter}/ folder; CycleGAN's layout is trainA/, trainB/, testA/, testB/`);
    }
    return loadImageFolder(folder, { size, channels, limit });
  };
  const [a, b] = [await domain('A'), await domain('B')];
  const unlabeled = (d: ImageDataset): ImageDataset => ({ ...d, labels: new Int32Array(d.count), classNames: [] });
  return direction === 'AtoB'
    ? { source: unlabeled(a), images: unlabeled(b), paired: false }
    : { source: unlabeled(b), images: unlabeled(a), paired: false };
}
