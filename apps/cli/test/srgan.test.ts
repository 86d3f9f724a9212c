// `ganforge train srgan`, `upscale` and `evaluate` on the built binary, as a user runs them.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, type Result } from './ganforge.js';

let root: string;

const ganforge = cliRunner(() => root);

/** `count` size x size RGB PNGs of smooth colour patterns in `dir`. */
async function pngs(dir: string, count: number, size: number, width = size): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const png = new PNG({ width, height: size });
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        png.data.set([(x * 5 + i * 40) % 256, (y * 4 + 60) % 256, Math.round(128 + 100 * Math.sin((x + y + i) / 5)), 255], p * 4);
      }
    }
    await writeFile(join(dir, `${i}.png`), PNG.sync.write(png));
  }
}

describe('ganforge with srgan', () => {
  let train: Result;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-srgan-'));
    await pngs(join(root, 'hr', 'train'), 4, 48);
    await pngs(join(root, 'hr', 'test'), 3, 48);
    await pngs(join(root, 'held-out'), 2, 48);
    await pngs(join(root, 'photos', 'nested'), 1, 13, 21); // odd sizes
    train = await ganforge(['train', 'srgan', '--preset', 'small', '--data', 'hr/train', '--size', '48', '--batch', '2', '--steps', '2', '--pretrain-steps', '1', '--sample-every', '0', '--checkpoint-every', '0', '--out', 'run']);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('trains on a folder of HR images through both stages', async () => {
    expect(train.stderr).not.toContain('ganforge:');
    expect(train.code).toBe(0);
    const lines = (await readFile(join(root, 'run', 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(lines[0]!.dLoss).toBe(0); // MSE pre-training
    expect(lines[1]!.dLoss).toBeGreaterThan(0); // adversarial stage
    const meta = JSON.parse(await readFile(join(root, 'run', 'checkpoint', 'checkpoint.json'), 'utf8'));
    expect(meta.config).toMatchObject({ pretrainSteps: 1, imageSize: 48, cropSize: 32, residualBlocks: 6, ngf: 32, bicubicSkip: true, flipRotate: true });
  });

  it('upscales a folder of odd-sized images 4x, tile by tile, with a progress bar', async () => {
    const { code, stdout, stderr } = await ganforge(['upscale', 'run', 'photos', '--out', 'up', '--tile', '8']);
    expect(stderr).not.toContain('ganforge:');
    expect(code).toBe(0);
    expect(stderr).toMatch(/nested\/0\.png 21x13 .* 6\/6 tiles/);
    expect(stdout).toContain('wrote up/nested/0.png (84x52)');
    const png = PNG.sync.read(await readFile(join(root, 'up', 'nested', '0.png')));
    expect([png.width, png.height]).toEqual([84, 52]);
  });

  it('evaluate prints PSNR and SSIM beside bicubic', async () => {
    const { code, stdout, stderr } = await ganforge(['evaluate', 'run', '--data', 'held-out']);
    expect(stderr).not.toContain('ganforge:');
    expect(code).toBe(0);
    for (const name of ['psnr', 'ssim', 'bicubicPsnr', 'bicubicSsim', 'psnrGain', 'sharpness', 'bicubicSharpness', 'hrSharpness']) expect(stdout).toMatch(new RegExp(`^${name}\\s+-?\\d+\\.\\d{4}$`, 'm'));
    expect(stdout).toMatch(/^images\s+2$/m);
  });

  it('evaluate without --data takes the test/ folder beside the training folder hr/train', async () => {
    const { code, stdout, stderr } = await ganforge(['evaluate', 'run']);
    expect(stderr).not.toContain('ganforge:');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^data: .*hr\/test, 3 images$/m);
    expect(stdout).toMatch(/^images\s+3$/m);
  });

  it('refuses flags and inputs that cannot work, saying why', async () => {
    const missing = await ganforge(['upscale', 'run', 'nothing-here', '--out', 'up']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('"nothing-here" does not exist; pass a PNG/JPEG image or a folder of them');
    const foreign = await ganforge(['train', 'dcgan', '--data', 'hr/train', '--pretrain-steps', '5', '--out', 'x']);
    expect(foreign.code).not.toBe(0);
    expect(foreign.stderr).toContain("dcgan has no pretrainSteps setting (it is srgan's)");
  });
});
