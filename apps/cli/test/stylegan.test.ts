// StyleGAN's w-space verbs as a user runs them: train a tiny run, then mix, edit, walk in w.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from './ganforge.js';

let root: string;

const ganforge = cliRunner(() => root);

const pngSize = async (file: string) => {
  const png = PNG.sync.read(await readFile(join(root, file)));
  return [png.width, png.height];
};

/** Side of a grid row or column of `n` 8x8 cells: 2-pixel gutters around and between them. */
const side = (n: number) => n * 10 + 2;

describe('ganforge stylegan verbs', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-stylegan-cli-'));
    await mkdir(join(root, 'shapes'));
    for (let i = 0; i < 8; i++) {
      const png = new PNG({ width: 8, height: 8 });
      for (let p = 0; p < 64; p++) png.data.set([(p * 37 + i * 50) % 256, (p * 11) % 256, 255 - p * 3, 255], p * 4);
      await writeFile(join(root, 'shapes', `s${i}.png`), PNG.sync.write(png));
    }
    const args = ['--data', 'shapes', '--size', '8', '--batch', '4', '--steps', '2', '--sample-every', '0', '--checkpoint-every', '0'];
    for (const arch of ['stylegan', 'progan']) {
      const trained = await ganforge(['train', arch, '--preset', 'mnist32', ...args, '--out', arch]);
      if (trained.code !== 0) throw new Error(`training ${arch} failed: ${trained.stderr}`);
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('mix writes a (rows+1) x (cols+1) grid and says which layers came from where', async () => {
    const result = await ganforge(['mix', 'stylegan', '--row-seeds', '1,2', '--col-seeds', '3,4,5', '--layers', '2-3', '--out', 'mix.png']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/2x3 style-mixing grid .* w 2-3 of 4 from the column seeds 3,4,5/);
    expect(await pngSize('mix.png')).toEqual([side(4), side(3)]);
    const bad = await ganforge(['mix', 'stylegan', '--row-seeds', '1', '--col-seeds', '2', '--layers', '2-9']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--layers: .* 0 <= a <= b < 4/);
  });

  it('edit moves a seed along a direction from labelled seeds, saves it, and reuses it', async () => {
    await writeFile(join(root, 'labels.json'), JSON.stringify({ plain: [1, 2], striped: [3, 4, 5] }));
    const result = await ganforge(['edit', 'stylegan', '--seed', '7', '--labels', 'labels.json', '--steps', '5', '--save-direction', 'dir.json', '--out', 'edit.png']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/wrote 5 edits of seed 7 .* labelled "striped" minus "plain"/);
    expect(await pngSize('edit.png')).toEqual([side(5), side(1)]);
    expect(JSON.parse(await readFile(join(root, 'dir.json'), 'utf8'))).toHaveLength(128);
    const again = await ganforge(['edit', 'stylegan', '--seed', '7', '--direction', 'dir.json', '--steps', '5', '--out', 'again.png']);
    expect(again.code).toBe(0);
    expect(await readFile(join(root, 'again.png'))).toEqual(await readFile(join(root, 'edit.png')));
    const none = await ganforge(['edit', 'stylegan', '--seed', '7']);
    expect(none.stderr).toMatch(/exactly one of --direction FILE, --classes a,b or --labels FILE/);
    const noClassifier = await ganforge(['edit', 'stylegan', '--seed', '7', '--classes', '0,1']);
    expect(noClassifier.stderr).toMatch(/--classes needs a ganforge classifier for the run's data "shapes"/);
  });

  it('interpolate --space w walks linearly in w; the w verbs refuse other families', async () => {
    const walk = await ganforge(['interpolate', 'stylegan', '--space', 'w', '--from-seed', '1', '--to-seed', '2', '--frames', '4', '--out', 'walk.png']);
    expect(walk.stdout).toMatch(/4-frame walk in w/);
    expect(await pngSize('walk.png')).toEqual([side(4), side(1)]);
    const progan = await ganforge(['mix', 'progan', '--row-seeds', '1', '--col-seeds', '2']);
    expect(progan.stderr).toMatch(/works in StyleGAN's w space; "progan" is a progan run/);
    const sample = await ganforge(['sample', 'progan', '--count', '4', '--out', 'progan.png']);
    expect(sample.code).toBe(0);
    expect(await pngSize('progan.png')).toEqual([side(2), side(2)]);
  });
});
