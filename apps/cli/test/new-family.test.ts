// A team's own family, made from dcgan's template and installed beside ganforge in a project's
// node_modules: the CLI lists, trains, samples and benchmarks it with no change to the CLI.
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from './ganforge.js';

const workspace = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let root: string;
const ganforge = cliRunner(() => root);

/**
 * The project a user has: node_modules/@acme/ganforge-sketchgan (dcgan's build with every "dcgan"
 * renamed, as a team copying the template would), and the packages it imports, linked to the same
 * copies the CLI uses (one tfjs instance).
 */
async function installSketchgan(project: string): Promise<void> {
  const family = join(project, 'node_modules', '@acme', 'ganforge-sketchgan');
  await mkdir(join(family, 'dist'), { recursive: true });
  const built = await readFile(join(workspace, 'packages', 'dcgan', 'dist', 'index.js'), 'utf8');
  // The build inlines its package.json: the copy's own name and version.
  await writeFile(join(family, 'dist', 'index.js'), built.replaceAll('dcgan', 'sketchgan').replace(/version: "[^"]*"/, 'version: "1.2.3"'));
  await writeFile(
    join(family, 'package.json'),
    JSON.stringify({ name: '@acme/ganforge-sketchgan', version: '1.2.3', type: 'module', exports: { '.': './dist/index.js' }, ganforge: { family: 'sketchgan' } }),
  );
  const cliRequire = createRequire(join(workspace, 'apps', 'cli', 'package.json'));
  const link = async (name: string, target: string) => {
    await mkdir(dirname(join(project, 'node_modules', name)), { recursive: true });
    await symlink(await realpath(target), join(project, 'node_modules', name), 'dir');
  };
  await link('@ganforge/core', join(workspace, 'packages', 'core'));
  await link('@tensorflow/tfjs', dirname(dirname(cliRequire.resolve('@tensorflow/tfjs'))));
}

/** 12 seeded 8x8 gray PNGs. */
async function imageFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < 12; i++) {
    const png = new PNG({ width: 8, height: 8 });
    for (let p = 0; p < 64; p++) png.data.set([(p * 29 + i * 53) % 256, (p * 29 + i * 53) % 256, (p * 29 + i * 53) % 256, 255], p * 4);
    await writeFile(join(dir, `img-${i}.png`), PNG.sync.write(png));
  }
}

describe('a family the CLI was never told about', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-new-family-'));
    await installSketchgan(root);
    await imageFolder(join(root, 'images'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('is listed with its version and presets', async () => {
    const { code, stdout } = await ganforge(['list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^sketchgan\s+1\.2\.3\s+/m);
    expect(stdout).toMatch(/--preset mnist\s/);
  });

  it('trains, samples, and benchmarks its own config', async () => {
    const trained = await ganforge(['train', 'sketchgan', '--data', 'images', '--size', '8', '--batch', '4', '--steps', '2', '--sample-every', '0', '--out', 'run']);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/ganforge train sketchgan \| backend wasm/);
    const meta = JSON.parse(await readFile(join(root, 'run', 'checkpoint', 'checkpoint.json'), 'utf8')) as { architecture: string; packageVersion: string; step: number };
    expect(meta).toMatchObject({ architecture: 'sketchgan', packageVersion: '1.2.3', step: 2 });

    const sampled = await ganforge(['sample', 'run', '--count', '4', '--out', 'grid.png']);
    expect(sampled.code).toBe(0);
    const grid = PNG.sync.read(await readFile(join(root, 'grid.png')));
    expect([grid.width, grid.height]).toEqual([22, 22]); // 2x2 cells of 8 px, 2 px gutters

    const bench = await ganforge(['bench', '--config', 'sketchgan-mnist32', '--backend', 'wasm', '--steps', '1', '--json']);
    expect(bench.code).toBe(0);
    expect(JSON.parse(bench.stdout.trim().split('\n').pop()!)).toMatchObject({ id: 'sketchgan-mnist32', backend: 'wasm', batch: 64, steps: 1 });
  });

  it('copies nothing of the CLI: its files name no family but in the install hints', async () => {
    const src = join(workspace, 'apps', 'cli', 'src');
    const files = (await readdir(src, { recursive: true })).filter((f) => f.endsWith('.ts'));
    const naming = [];
    for (const file of files) {
      if (/\b(dcgan|cgan|pix2pix|cyclegan|srgan|progan|stylegan|toy)\b/i.test(await readFile(join(src, file), 'utf8'))) naming.push(file);
    }
    expect(naming).toEqual(['architectures.ts']);
  });
});
