import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { UsageError } from './errors.js';

const imageExtensions = ['.png', '.jpg', '.jpeg'];

/** An input image: where it is, and its name relative to the folder given (its output name). */
export interface InputImage {
  path: string;
  name: string;
}

/**
 * The images a translate/upscale-style command reads: `input` itself when it is a file, else every
 * PNG/JPEG under it (recursive, hidden entries skipped, sorted by name).
 */
export async function findInputImages(input: string): Promise<InputImage[]> {
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new UsageError(`"${input}" does not exist; pass a PNG/JPEG image or a folder of them`);
  if (!info.isDirectory()) return [{ path: input, name: input.split(/[\\/]/).pop()! }];
  const found: InputImage[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (imageExtensions.includes(extname(entry.name).toLowerCase())) found.push({ path, name: relative(input, path) });
    }
  };
  await walk(input);
  if (found.length === 0) throw new UsageError(`folder "${input}" holds no PNG/JPEG images`);
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
