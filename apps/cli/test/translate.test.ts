// `ganforge translate` on a tiny pix2pix run (and cyclegan's --cycle), through the built binary.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, png } from './ganforge.js';

let root: string;

const ganforge = cliRunner(() => root);

/** `count` A|B pairs of 16x16 halves (a dark square outline | the square filled red) in `<dir>/train/`. */
async function pairFolder(dir: string, count: number): Promise<void> {
  await mkdir(join(dir, 'train'), { recursive: true });
  for (let i = 0; i < count; i++) {
    const [x0, y0] = [2 + (i % 5), 3 + ((i * 3) % 5)];
    const inside = (x: number, y: number) => x >= x0 && x < x0 + 8 && y >= y0 && y < y0 + 8;
    const edge = (x: number, y: number) => inside(x, y) && (x === x0 || y === y0 || x === x0 + 7 || y === y0 + 7);
    await writeFile(join(dir, 'train', `${i}.png`), png(32, 16, (x, y) => (x < 16 ? (edge(x, y) ? [0, 0, 0] : [255, 255, 255]) : inside(x - 16, y) ? [220, 40, 40] : [255, 255, 255])));
  }
}

const size = async (file: string) => {
  const image = PNG.sync.read(await readFile(join(root, file)));
  return [image.width, image.height];
};

describe('ganforge translate', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-translate-'));
    await pairFolder(join(root, 'shapes'), 8);
    await mkdir(join(root, 'inputs', 'more'), { recursive: true });
    await writeFile(join(root, 'inputs', 'a.png'), png(20, 20, (x) => [x * 10, x * 10, x * 10]));
    await writeFile(join(root, 'inputs', 'more', 'b.png'), png(16, 16, (_x, y) => [255, y * 12, 0]));
    const trained = await ganforge(['train', 'pix2pix', '--preset', 'edges2shapes', '--data', 'shapes', '--size', '16', '--batch', '4', '--steps', '2', '--sample-every', '0', '--checkpoint-every', '0', '--out', 'p2p']);
    expect(trained.stderr).not.toMatch(/ganforge:/);
    expect(trained.code).toBe(0);
    // Two unpaired domains: dark and light 16x16 images.
    for (const [folder, colour] of [['trainA', [20, 30, 90]], ['trainB', [240, 230, 150]]] as const) {
      await mkdir(join(root, 'domains', folder), { recursive: true });
      for (let i = 0; i < 3; i++) await writeFile(join(root, 'domains', folder, `${i}.png`), png(16, 16, (x) => colour.map((c) => c + x)));
    }
    const cycle = await ganforge(['train', 'cyclegan', '--preset', 'day2night', '--data', 'domains', '--size', '16', '--batch', '1', '--steps', '1', '--sample-every', '0', '--checkpoint-every', '0', '--out', 'cg']);
    expect(cycle.stderr).not.toMatch(/ganforge:/);
    expect(cycle.code).toBe(0);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('translates a folder (recursively) and a single A|B pair at the run\'s size, with a progress line', async () => {
    const folder = await ganforge(['translate', 'p2p', 'inputs', '--out', 'out']);
    expect(folder.stderr).not.toMatch(/ganforge:/);
    expect(folder.code).toBe(0);
    expect(folder.stdout).toMatch(/ganforge translate pix2pix AtoB \| .* \| step 2 \| 2 images at 16x16x3 \| backend wasm/);
    expect(folder.stderr + folder.stdout).toMatch(/translate .* 2\/2 images/);
    expect((await readdir(join(root, 'out'))).sort()).toEqual(['a.png', 'more']);
    expect(await size('out/a.png')).toEqual([16, 16]);
    expect(await size('out/more/b.png')).toEqual([16, 16]);

    const pair = await ganforge(['translate', 'p2p', join('shapes', 'train', '3.png'), '--pairs', '--direction', 'AtoB', '--out', 'one']);
    expect(pair.code).toBe(0);
    expect(await readdir(join(root, 'one'))).toEqual(['3.png']);
    expect(await size('one/3.png')).toEqual([16, 16]);
  });

  it('translates both ways with a cyclegan run and writes the reconstructions with --cycle', async () => {
    const there = await ganforge(['translate', 'cg', 'inputs', '--direction', 'BtoA', '--cycle', '--out', 'cg-out']);
    expect(there.stderr).not.toMatch(/ganforge:/);
    expect(there.code).toBe(0);
    expect(there.stdout).toMatch(/ganforge translate cyclegan BtoA and back \(AtoB\)/);
    expect((await readdir(join(root, 'cg-out'))).sort()).toEqual(['a-cycle.png', 'a.png', 'more']);
    expect((await readdir(join(root, 'cg-out', 'more'))).sort()).toEqual(['b-cycle.png', 'b.png']);
    expect(await size('cg-out/a-cycle.png')).toEqual([16, 16]);
  });

  it.each([
    [['translate', 'p2p', 'inputs', '--direction', 'BtoA', '--out', 'x'], /this pix2pix run was trained AtoB and translates only that way .*--direction AtoB/],
    [['translate', 'p2p', 'inputs', '--cycle', '--out', 'x'], /--cycle needs a model that translates both ways \(cyclegan\)/],
    [['translate', 'p2p', 'no-such-image.png', '--out', 'x'], /"no-such-image\.png" does not exist; pass a PNG\/JPEG image or a folder of them/],
    [['translate', 'p2p', 'inputs', '--direction', 'up', '--out', 'x'], /--direction <AtoB\|BtoA>' argument 'up' is invalid\. must be AtoB or BtoA/],
  ])('%j fails with one clear line', async (args, message) => {
    const { code, stderr } = await ganforge(args);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
