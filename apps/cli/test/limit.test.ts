// `ganforge train --limit N`: a seeded, class-stratified subset that a resume loads again, and the
// one-line error for a limit larger than the data.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from './ganforge.js';

let root: string;
const ganforge = cliRunner(() => root);
const checkpointJson = async (run: string) => JSON.parse(await readFile(join(root, run, 'checkpoint', 'checkpoint.json'), 'utf8'));

describe('ganforge train --limit', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-limit-'));
    for (const cls of ['a', 'b']) {
      await mkdir(join(root, 'images', cls), { recursive: true });
      for (let i = 0; i < 6; i++) {
        const png = new PNG({ width: 8, height: 8 });
        png.data.fill(cls === 'a' ? 40 * i : 255 - 40 * i);
        await writeFile(join(root, 'images', cls, `${i}.png`), PNG.sync.write(png));
      }
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('trains on a seeded subset with as many images per class, and a resume keeps it', async () => {
    const first = await ganforge(['train', 'dcgan', '--data', 'images', '--size', '8', '--batch', '2', '--steps', '2', '--limit', '4', '--limit-seed', '3', '--sample-every', '0', '--out', 'run']);
    expect(first.stderr).not.toMatch(/ganforge:/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/data .*images \(subset of 4, seed 3\): 4 images 8x8x3/);
    const meta = await checkpointJson('run');
    expect(meta.data).toMatchObject({ source: 'images', count: 4, subset: { count: 4, seed: 3 } });
    const resumed = await ganforge(['train', 'dcgan', '--resume', 'run', '--steps', '3']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/subset of 4, seed 3\): 4 images/);
    expect((await checkpointJson('run')).data).toMatchObject({ count: 4, subset: { count: 4, seed: 3 } });
    const changed = await ganforge(['train', 'dcgan', '--resume', 'run', '--steps', '4', '--limit', '6']);
    expect(changed.stderr.trim()).toBe("ganforge: --limit cannot change when resuming; the run keeps its checkpoint's setting");
  });

  it('a limit larger than the data is one line with its size', async () => {
    const folder = await ganforge(['train', 'dcgan', '--data', 'images', '--size', '8', '--limit', '13', '--out', 'big']);
    expect(folder.code).toBe(1);
    expect(folder.stderr.trim()).toBe(`ganforge: limit 13 is more than data folder "images" holds: 12 images`);
    const mnist = await ganforge(['train', 'dcgan', '--preset', 'mnist', '--limit', '9001', '--out', 'big']);
    expect(mnist.stderr.trim()).toBe('ganforge: limit 9001 is more than mnist/train holds: 9000 images');
  });
});
