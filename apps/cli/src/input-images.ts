import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { findImages } from '@ganforge/core/node';
import { UsageError } from './errors.js';

/** An input image: where it is, and its name relative to the folder given (its output name). */
export interface InputImage {
  path: string;
  name: string;
}

/**
 * The images a translate/upscale-style command reads: `input` itself when it is a file, else every
 * PNG/JPEG under it (core's `findImages`: recursive through folders and links to folders, hidden
 * entries skipped, sorted by name).
 */
export async function findInputImages(input: string): Promise<InputImage[]> {
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new UsageError(`"${input}" does not exist; pass a PNG/JPEG image or a folder of them`);
  if (!info.isDirectory()) return [{ path: input, name: input.split(/[\\/]/).pop()! }];
  const found = (await findImages(input)).map((name) => ({ path: join(input, name), name }));
  if (found.length === 0) throw new UsageError(`folder "${input}" holds no PNG/JPEG images`);
  return found;
}
