// `ganforge train cgan` on a folder of class subfolders, then sampling by class, as a user runs it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from './ganforge.js';

let root: string;

const ganforge = cliRunner(() => root);

/** 8x8 PNGs in class subfolders `circle`, `cross`, `square` (4 each), or all in the root when `flat`. */
async function classFolder(dir: string, flat = false): Promise<void> {
  for (const [c, cls] of ['circle', 'cross', 'square'].entries()) {
    const folder = flat ? dir : join(dir, cls);
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < 4; i++) {
      const png = new PNG({ width: 8, height: 8 });
      for (let p = 0; p < 64; p++) png.data.set([((p + i) * 37 * (c + 1)) % 256, c * 90, 255 - p * 3, 255], p * 4);
      await writeFile(join(folder, `${cls}-${i}.png`), PNG.sync.write(png));
    }
  }
}

const pngSize = async (file: string) => {
  const png = PNG.sync.read(await readFile(join(root, file)));
  return [png.width, png.height];
};

/** Side of a grid of `n` 8x8 cells: 2-pixel gutters around and between them. */
const side = (n: number) => n * 10 + 2;

describe('ganforge cgan', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-cgan-cli-'));
    await classFolder(join(root, 'shapes'));
    await classFolder(join(root, 'flat'), true);
    const trained = await ganforge(['train', 'cgan', '--data', 'shapes', '--size', '8', '--batch', '4', '--steps', '2', '--sample-every', '0', '--checkpoint-every', '0', '--out', 'run']);
    if (trained.code !== 0) throw new Error(`training failed: ${trained.stderr}`);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('records the folder classes in the checkpoint', async () => {
    const meta = JSON.parse(await readFile(join(root, 'run', 'checkpoint', 'checkpoint.json'), 'utf8'));
    expect(meta).toMatchObject({ architecture: 'cgan', step: 2, data: { classNames: ['circle', 'cross', 'square'] } });
    expect(meta.config).toMatchObject({ numClasses: 3, imageSize: 8, channels: 3 });
  });

  it('samples one class by name or index, the same images either way', async () => {
    const [byName, byIndex, other] = await Promise.all([
      ganforge(['sample', 'run', '--class', 'cross', '--count', '4', '--seed', '3', '--out', 'cross.png']),
      ganforge(['sample', 'run', '--class', '1', '--count', '4', '--seed', '3', '--out', 'one.png']),
      ganforge(['sample', 'run', '--class', 'square', '--count', '4', '--seed', '3', '--out', 'square.png']),
    ]);
    expect(byName.stderr).toBe('');
    expect([byName.code, byIndex.code, other.code]).toEqual([0, 0, 0]);
    expect(byName.stdout).toMatch(/wrote 4 samples of class 1 \("cross"\) from generator \(seed 3\) to cross\.png/);
    expect(await pngSize('cross.png')).toEqual([side(2), side(2)]);
    const [cross, one, square] = await Promise.all(['cross.png', 'one.png', 'square.png'].map((f) => readFile(join(root, f))));
    expect(one!.equals(cross!)).toBe(true);
    expect(square!.equals(cross!)).toBe(false);
  });

  it('--grid-by-class writes one row per class with --count images each', async () => {
    const { code, stdout } = await ganforge(['sample', 'run', '--grid-by-class', '--count', '5', '--out', 'grid.png']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote 15 samples, 5 per class for 3 classes,/);
    expect(await pngSize('grid.png')).toEqual([side(5), side(3)]);
  });

  it('fails with one clear line on an unknown class, conflicting flags, or unlabeled data', async () => {
    const cases: [string[], RegExp][] = [
      [['sample', 'run', '--class', 'zebra'], /unknown class "zebra"; this run's classes \(name or index\): circle \(0\), cross \(1\), square \(2\)/],
      [['sample', 'run', '--class', '3'], /unknown class "3"; this run's classes/],
      [['sample', 'run', '--class', 'cross', '--grid-by-class'], /--class and --grid-by-class cannot be combined/],
      [['train', 'cgan', '--data', 'flat', '--size', '8', '--out', 'flat-run'], /cgan needs class labels, and this data has none: use a folder with one subfolder per class/],
    ];
    const results = await Promise.all(cases.map(([args]) => ganforge(args)));
    results.forEach(({ code, stderr }, i) => {
      expect(code).toBe(1);
      expect(stderr).toMatch(cases[i]![1]);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  });

  it('refuses --class for a run of a non-conditional architecture', async () => {
    const trained = await ganforge(['train', 'dcgan', '--data', 'shapes', '--size', '8', '--batch', '4', '--steps', '1', '--sample-every', '0', '--checkpoint-every', '0', '--out', 'dcgan-run']);
    expect(trained.code).toBe(0);
    const { code, stderr } = await ganforge(['sample', 'dcgan-run', '--class', '1']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/dcgan is not class-conditional: --class and --grid-by-class need a run of a conditional architecture such as cgan/);
  });
});
