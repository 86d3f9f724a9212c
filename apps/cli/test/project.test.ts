// `ganforge project` as a user runs it: project real images, then feed the codes to sample, edit, mix and interpolate; bad input gets one line.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
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

/** One line on stderr, no stack trace. */
const oneLine = (stderr: string) => expect(stderr.trim().split('\n')).toHaveLength(1);

describe('ganforge project', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-project-cli-'));
    await mkdir(join(root, 'shapes'));
    for (let i = 0; i < 4; i++) {
      const png = new PNG({ width: 8, height: 8 });
      for (let p = 0; p < 64; p++) png.data.set([(p * 37 + i * 50) % 256, (p * 11) % 256, 255 - p * 3, 255], p * 4);
      await writeFile(join(root, 'shapes', `s${i}.png`), PNG.sync.write(png));
    }
    const big = new PNG({ width: 16, height: 12 }); // not square, twice the size, RGB: converted with a notice
    big.data.fill(200);
    await writeFile(join(root, 'big.png'), PNG.sync.write(big));
    await writeFile(join(root, 'broken.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
    const args = ['--data', 'shapes', '--size', '8', '--batch', '4', '--steps', '2', '--sample-every', '0', '--checkpoint-every', '0'];
    const runs = [['stylegan', '--preset', 'mnist32'], ['dcgan']];
    for (const [arch, ...preset] of runs) {
      const trained = await ganforge(['train', arch!, ...preset, ...args, '--out', arch!]);
      if (trained.code !== 0) throw new Error(`training ${arch} failed: ${trained.stderr}`);
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('projects a folder into w+: a code, a reconstruction per image, the strip and the loss log', async () => {
    const result = await ganforge(['project', 'stylegan', 'shapes', '--space', 'w+', '--steps', '8', '--out', 'proj']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/step 8\/8 .* \| loss [\d.]+ \| distance [\d.]+/); // the progress bar
    expect(result.stdout).toMatch(/projected 4 images into w\+ of stylegan .* mean distance [\d.]+ \(1 x pixel MSE\)/);
    expect((await readdir(join(root, 'proj'))).sort()).toEqual(['loss.jsonl', 'strip.png', ...[0, 1, 2, 3].flatMap((i) => [`s${i}.json`, `s${i}.png`])].sort());
    const code = JSON.parse(await readFile(join(root, 'proj', 's0.json'), 'utf8'));
    expect(code).toMatchObject({ format: 'ganforge-latent-code', architecture: 'stylegan', space: 'w+', config: expect.stringMatching(/^fnv1a64:/) });
    expect(code.tensors.w.shape).toEqual([4, 128]); // w+ of an 8x8 generator: 4 w of 128
    expect(await pngSize('proj/strip.png')).toEqual([side(2), side(4)]);
    expect(await pngSize('proj/s0.png')).toEqual([8, 8]);
    const log = (await readFile(join(root, 'proj', 'loss.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(log).toHaveLength(4 * 8);
    expect(log[0]).toMatchObject({ image: 's0.png', step: 1 });
  });

  it('codes go through sample, edit, mix and interpolate', async () => {
    const sample = await ganforge(['sample', 'stylegan', '--code', 'proj/s1.json', '--out', 'code.png']);
    expect(sample.stdout).toMatch(/wrote the image of code proj\/s1.json/);
    expect(await pngSize('code.png')).toEqual([side(1), side(1)]);
    await writeFile(join(root, 'dir.json'), JSON.stringify(new Array(128).fill(0.1)));
    const edit = await ganforge(['edit', 'stylegan', '--code', 'proj/s1.json', '--direction', 'dir.json', '--steps', '3', '--out', 'edit.png']);
    expect(edit.stdout).toMatch(/wrote 3 edits of code proj\/s1.json/);
    expect(await pngSize('edit.png')).toEqual([side(3), side(1)]);
    const mix = await ganforge(['mix', 'stylegan', '--row-codes', 'proj/s0.json,proj/s1.json', '--col-seeds', '5,6', '--out', 'mix.png']);
    expect(mix.stdout).toMatch(/2x2 style-mixing grid .* from the column seeds 5,6, the rest from the row codes proj\/s0.json,proj\/s1.json/);
    expect(await pngSize('mix.png')).toEqual([side(3), side(3)]);
    const folder = await ganforge(['mix', 'stylegan', '--row-codes', 'proj', '--col-seeds', '5', '--out', 'mix-folder.png']); // a folder: its 4 codes, sorted
    expect(folder.stdout).toMatch(/4x1 style-mixing grid .* the rest from the row codes proj/);
    expect(await pngSize('mix-folder.png')).toEqual([side(2), side(5)]);
    await mkdir(join(root, 'empty'));
    const empty = await ganforge(['mix', 'stylegan', '--row-codes', 'empty', '--col-seeds', '5']);
    expect(empty.stderr).toMatch(/^ganforge: folder "empty" holds no code files \(\.json\); `ganforge project <run> <images> --out empty` writes them/);
    oneLine(empty.stderr);
    const lone = await ganforge(['edit', 'stylegan', '--code', 'proj/s1.json', '--direction', 'dir.json', '--class-codes', 'proj']);
    expect(lone.stderr).toMatch(/^ganforge: --class-codes gives the class means of --classes a,b; pass --classes too/);
    const walk = await ganforge(['interpolate', 'stylegan', '--from-code', 'proj/s0.json', '--to-code', 'proj/s2.json', '--frames', '5', '--out', 'walk.png']);
    expect(walk.stdout).toMatch(/5-frame walk from code proj\/s0.json to code proj\/s2.json/);
    expect(await pngSize('walk.png')).toEqual([side(5), side(1)]);
  });

  it('bad input gets one line: another family\'s code, w+ without w, missing or corrupt images; other sizes are converted with a notice', async () => {
    const dcgan = await ganforge(['project', 'dcgan', 'big.png', '--steps', '3', '--restarts', '2', '--out', 'dc']);
    expect(dcgan.stdout).toMatch(/note: 1 image converted to the run's 8x8x3 \(centre-cropped to the run's aspect, .*\): big.png \(16x12x3\)/);
    expect(dcgan.stdout).toMatch(/projected 1 image into z of dcgan/);
    const foreign = await ganforge(['sample', 'stylegan', '--code', 'dc/big.json']);
    expect(foreign.stderr).toMatch(/^ganforge: "dc\/big.json" is a code of a dcgan run; this is a stylegan run/);
    oneLine(foreign.stderr);
    const mixed = await ganforge(['interpolate', 'dcgan', '--from-code', 'dc/big.json', '--to-code', 'proj/s0.json']);
    expect(mixed.stderr).toMatch(/is a code of a stylegan run; this is a dcgan run/);
    const wPlus = await ganforge(['project', 'dcgan', 'big.png', '--space', 'w+']);
    expect(wPlus.stderr).toMatch(/^ganforge: --space w\+: a dcgan run projects into z only/);
    oneLine(wPlus.stderr);
    const missing = await ganforge(['project', 'stylegan', 'nowhere.png']);
    expect(missing.stderr).toMatch(/^ganforge: "nowhere.png" does not exist/);
    oneLine(missing.stderr);
    const corrupt = await ganforge(['project', 'stylegan', 'broken.png']);
    expect(corrupt.stderr).toMatch(/^ganforge: cannot decode image "broken.png": corrupt PNG/);
    oneLine(corrupt.stderr);
  });
});
