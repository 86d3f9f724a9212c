// The built `ganforge` binary, run as a subprocess the way a user runs it.
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from './ganforge.js';

let root: string;

const ganforge = cliRunner(() => root);

/** A folder of 12 PNGs 8x8 RGB: gradients in two class subfolders. */
async function imageFolder(dir: string): Promise<void> {
  for (const cls of ['a', 'b']) {
    await mkdir(join(dir, cls), { recursive: true });
    for (let i = 0; i < 6; i++) {
      const png = new PNG({ width: 8, height: 8 });
      for (let p = 0; p < 64; p++) png.data.set([p * 4 + i * 10, cls === 'a' ? 200 : 30, 255 - p * 3, 255], p * 4);
      await writeFile(join(dir, cls, `${i}.png`), PNG.sync.write(png));
    }
  }
}

const tiny = ['--size', '8', '--batch', '4', '--sample-every', '2', '--checkpoint-every', '0'];
const checkpointJson = async (run: string) => JSON.parse(await readFile(join(root, run, 'checkpoint', 'checkpoint.json'), 'utf8'));

describe('ganforge CLI', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-cli-'));
    await imageFolder(join(root, 'images'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('lists the installed architectures', async () => {
    const { code, stdout } = await ganforge(['list']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^dcgan\s+\d+\.\d+\.\d+/m);
    expect(stdout).toContain('--preset mnist');
    expect(stdout).toMatch(/^cgan /m);
  });

  it.each([
    [['train', 'nosuchgan'], /unknown architecture "nosuchgan"; known architectures: dcgan, cgan/],
    [['train', 'cgan'], /cgan needs data: pass --data/],
    [['train', 'dcgan', '--preset', 'nosuch'], /unknown preset "nosuch" for dcgan; presets: mnist, fashion-mnist, celeba64/],
    [['train', 'dcgan', '--steps', '0'], /option '--steps <n>' argument '0' is invalid\. must be a positive integer/],
    [['train', 'dcgan', '--steps', 'many'], /--steps <n>' argument 'many' is invalid/],
    [['train', 'dcgan'], /dcgan needs data: pass --data/],
    [['train', 'dcgan', '--preset', 'mnist', '--loss', 'wgan'], /--loss <name>' argument 'wgan' is invalid\. must be one of minimax, non-saturating/],
    [['train', 'dcgan', '--data', 'no/such/folder'], /data folder "no\/such\/folder" does not exist/],
    [['train', 'dcgan', '--data', 'images', '--size', '30'], /image size 30 cannot be reached/],
    [['train', 'dcgan', '--preset', 'mnist', '--set', 'nosuch=1'], /--set nosuch=1: dcgan has no config field "nosuch"; its fields: .*latentDim/],
    [['train', 'dcgan', '--preset', 'mnist', '--set', 'beta1=fast'], /--set beta1=fast: beta1 takes a number \(default 0\.5\); "fast" is not one/],
    [['train', 'dcgan', '--preset', 'mnist', '--set', 'beta1'], /--set beta1: write it as field=value/],
    [['sample', 'no-such-run'], /checkpoint "no-such-run" does not exist/],
    [['bench', '--config', 'nosuch'], /unknown benchmark config "nosuch"; standard configs: dcgan-celeba64, /],
  ])('%j fails with one clear line', async (args, message) => {
    const { code, stderr } = await ganforge(args);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names a corrupt image', async () => {
    await cp(join(root, 'images'), join(root, 'broken'), { recursive: true });
    await writeFile(join(root, 'broken', 'a', 'bad.png'), 'not a png');
    const { code, stderr } = await ganforge(['train', 'dcgan', '--data', 'broken', ...tiny, '--out', 'broken-run']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.png/);
  });

  it('trains on a folder, resumes, refuses to overwrite, and samples reproducibly', async () => {
    const first = await ganforge(['train', 'dcgan', '--data', 'images', ...tiny, '--steps', '3', '--seed', '4', '--set', 'beta1=0.3', '--out', 'run']);
    expect(first.stderr).not.toMatch(/ganforge:/);
    expect(first.stderr).toMatch(/step 3\/3 .* steps\/s .* D [0-9.]+ G [0-9.]+ \| D acc real [0-9.]+ fake [0-9.]+/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/backend wasm/);
    const meta = await checkpointJson('run');
    expect(meta).toMatchObject({ format: 1, architecture: 'dcgan', step: 3, seed: 4, backend: { backend: 'wasm' } });
    expect(meta.config).toMatchObject({ imageSize: 8, channels: 3, batchSize: 4, latentDim: 100, beta1: 0.3 });
    expect(await readdir(join(root, 'run', 'samples'))).toEqual(['step-000002.png', 'step-000003.png']);

    const again = await ganforge(['train', 'dcgan', '--data', 'images', ...tiny, '--steps', '3', '--out', 'run']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has a checkpoint; continue it with --resume run/);
    expect((await checkpointJson('run')).time).toBe(meta.time);

    const resumed = await ganforge(['train', 'dcgan', '--resume', 'run', '--steps', '5']);
    expect(resumed.code).toBe(0);
    expect((await checkpointJson('run')).step).toBe(5);
    const log = (await readFile(join(root, 'run', 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(log.map((l) => JSON.parse(l).step)).toEqual([1, 2, 3, 4, 5]);

    const samples = await Promise.all([7, 7, 8].map((seed, i) => ganforge(['sample', 'run', '--count', '9', '--seed', String(seed), '--out', `s${i}.png`])));
    expect(samples.map((s) => s.code)).toEqual([0, 0, 0]);
    const [a, b, c] = await Promise.all([0, 1, 2].map((i) => readFile(join(root, `s${i}.png`))));
    expect(a!.equals(b!)).toBe(true);
    expect(a!.equals(c!)).toBe(false);
    expect(PNG.sync.read(a!).width).toBe(3 * 10 + 2);

    const walk = await ganforge(['interpolate', 'run', '--from-seed', '1', '--to-seed', '2', '--frames', '5', '--out', 'walk.png']);
    expect(walk.code).toBe(0);
    const strip = PNG.sync.read(await readFile(join(root, 'walk.png')));
    expect([strip.width, strip.height]).toEqual([5 * 10 + 2, 12]);
  });

  it('refuses checkpoints of another architecture or a newer format', async () => {
    for (const [name, patch, message] of [
      ['other-arch', { architecture: 'stylegan' }, /is from architecture "stylegan", not "dcgan"/],
      ['newer', { format: 99 }, /has format 99, newer than the 1 this @ganforge\/core reads/],
    ] as const) {
      await cp(join(root, 'run'), join(root, name), { recursive: true });
      const file = join(root, name, 'checkpoint', 'checkpoint.json');
      await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), ...patch }));
      const { code, stderr } = await ganforge(['train', 'dcgan', '--resume', name, '--steps', '9']);
      expect(code).toBe(1);
      expect(stderr).toMatch(message);
    }
  });

  it('resumes a checkpoint written before a config field existed, with that field\'s default', async () => {
    await cp(join(root, 'run'), join(root, 'older'), { recursive: true });
    const file = join(root, 'older', 'checkpoint', 'checkpoint.json');
    const meta = JSON.parse(await readFile(file, 'utf8'));
    delete meta.config.ema;
    await writeFile(file, JSON.stringify(meta));
    const { code, stderr } = await ganforge(['train', 'dcgan', '--resume', 'older', '--steps', '6']);
    expect(stderr).not.toMatch(/ganforge:/);
    expect(code).toBe(0);
    expect((await checkpointJson('older')).config).toMatchObject({ ema: 0, beta1: 0.3 });
  });

  it('benchmarks a standard config as JSON lines', async () => {
    const { code, stdout } = await ganforge(['bench', '--config', 'dcgan-mnist32', '--backend', 'wasm', '--steps', '1', '--json']);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'dcgan-mnist32', backend: 'wasm', batch: 64, steps: 1 });
    expect(rows[0].images_per_s).toBeCloseTo((64 * 1000) / rows[0].step_ms_median, 0);
    expect(rows[0].peak_tensor_bytes).toBeGreaterThan(0);
    // tfjs kernel calls of a DCGAN step; GPU dispatches only on webgpu.
    expect(rows[0].kernels_per_step).toBeGreaterThan(100);
    expect(rows[0].dispatches_per_step).toBeNull();
  });

  it('Ctrl-C writes a checkpoint at the step it stopped', async () => {
    let sent = false;
    const { code, stderr } = await ganforge(['train', 'dcgan', '--data', 'images', ...tiny, '--steps', '10000', '--out', 'interrupted'], {
      onStdout: (text, child) => {
        if (!sent && /^ganforge train/m.test(text)) {
          sent = true;
          setTimeout(() => child.kill('SIGINT'), 1500);
        }
      },
    });
    expect(stderr).toMatch(/Ctrl-C: writing a checkpoint/);
    expect(code).toBe(0);
    const meta = await checkpointJson('interrupted');
    expect(meta.step).toBeGreaterThan(0);
    expect(meta.step).toBeLessThan(10000);
    const log = (await readFile(join(root, 'interrupted', 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(log.at(-1)!).step).toBe(meta.step);
  });
});
