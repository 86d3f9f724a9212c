// The images project, translate and upscale read from a folder: recursive, through links to
// folders (a dataset's class folders linked in from elsewhere), hidden entries skipped, sorted.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInputImages } from '../src/input-images.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ganforge-input-images-'));
  const elsewhere = join(root, 'elsewhere', '7');
  await mkdir(elsewhere, { recursive: true });
  await writeFile(join(elsewhere, 'b.png'), '');
  await mkdir(join(root, 'in', '1'), { recursive: true });
  await writeFile(join(root, 'in', '1', 'a.PNG'), '');
  await writeFile(join(root, 'in', '1', '.hidden.png'), '');
  await writeFile(join(root, 'in', '1', 'notes.txt'), '');
  await symlink(elsewhere, join(root, 'in', '7'), 'dir');
  await mkdir(join(root, 'empty'));
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('findInputImages', () => {
  it('walks folders and links to folders, skips hidden and non-image files, and sorts by name', async () => {
    const found = await findInputImages(join(root, 'in'));
    expect(found.map((image) => image.name)).toEqual([join('1', 'a.PNG'), join('7', 'b.png')]);
    expect(found[1]!.path).toBe(join(root, 'in', '7', 'b.png'));
  });

  it('takes a file as itself and refuses a missing path or an imageless folder in one line', async () => {
    expect(await findInputImages(join(root, 'in', '1', 'a.PNG'))).toEqual([{ path: join(root, 'in', '1', 'a.PNG'), name: 'a.PNG' }]);
    await expect(findInputImages(join(root, 'nothing'))).rejects.toThrow(/does not exist; pass a PNG\/JPEG image or a folder of them/);
    await expect(findInputImages(join(root, 'empty'))).rejects.toThrow(/holds no PNG\/JPEG images/);
  });
});
