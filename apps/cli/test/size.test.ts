// `ganforge train --size HxW`: images whose height differs from their width, for the families whose
// networks take them (dcgan here; pix2pix through translate), sampled on tfjs and on ONNX Runtime,
// evaluated, and the one-line refusals: a family square by design, a size the network cannot
// reach, text that is not a size. Also ADA's p and r_t in metrics.jsonl.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, png, type Result } from './ganforge.js';

let root: string;
const ganforge = cliRunner(() => root);

const pngSize = async (file: string) => {
  const { width, height } = PNG.sync.read(await readFile(join(root, file)));
  return { height, width };
};
const ok = (result: Result) => {
  expect(result.stderr).not.toMatch(/ganforge:/);
  expect(result.code).toBe(0);
};
/** A failed call that printed exactly the one line `line`. */
const oneLine = (result: Result, line: string | RegExp) => {
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr.trim()).toMatch(line);
};
const quick = ['--steps', '2', '--batch', '4', '--sample-every', '0', '--checkpoint-every', '0'];

describe('ganforge train --size HxW', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-size-'));
    await mkdir(join(root, 'images'));
    for (let i = 0; i < 8; i++) await writeFile(join(root, 'images', `${i}.png`), png(20, 12, (x, y) => [10 * x, 20 * y, 25 * i]));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('dcgan trains at 8x16, samples 8x16 images on tfjs and on ONNX Runtime alike, and evaluates', async () => {
    const train = await ganforge(['train', 'dcgan', '--data', 'images', '--size', '8x16', ...quick, '--out', 'wide']);
    ok(train);
    expect(train.stdout).toMatch(/data images: 8 images 8x16x3/);
    const meta = JSON.parse(await readFile(join(root, 'wide', 'checkpoint', 'checkpoint.json'), 'utf8'));
    expect(meta.config).toMatchObject({ imageSize: 0, imageHeight: 8, imageWidth: 16 });
    expect(meta.data).toMatchObject({ height: 8, width: 16 });
    // One sample a grid of 1 x 1 cells: the image with makeGrid's 2-pixel border.
    ok(await ganforge(['sample', 'wide', '--count', '1', '--seed', '3', '--out', 'tfjs.png']));
    expect(await pngSize('tfjs.png')).toEqual({ height: 8 + 4, width: 16 + 4 });
    ok(await ganforge(['sample', 'wide', '--runtime', 'onnx', '--count', '1', '--seed', '3', '--out', 'onnx.png']));
    const [a, b] = await Promise.all(['tfjs.png', 'onnx.png'].map(async (f) => PNG.sync.read(await readFile(join(root, f))).data));
    expect(a!.reduce((largest, v, i) => Math.max(largest, Math.abs(v - b![i]!)), 0)).toBeLessThanOrEqual(1);
    const evaluate = await ganforge(['evaluate', 'wide', '--metrics', 'd-acc', '--data', 'images', '--samples', '8']);
    ok(evaluate);
    expect(evaluate.stdout).toMatch(/discriminator accuracy, held-out real \/ fake \/ mean/);
  });

  it('pix2pix translates into the run\'s 16x32, on tfjs and on ONNX Runtime', async () => {
    const set = ['--set', 'ngf=4', '--set', 'ndf=4', '--set', 'numDowns=3', '--set', 'nLayersD=1'];
    ok(await ganforge(['train', 'pix2pix', '--data', 'edges2shapes', '--size', '16x32', ...quick, ...set, '--out', 'pairs']));
    ok(await ganforge(['translate', 'pairs', 'images/0.png', '--out', 'translated']));
    expect(await pngSize('translated/0.png')).toEqual({ height: 16, width: 32 });
    // ONNX keeps the shape (batch free, 16x32 fixed) and translates as tfjs does; the square-only demo export says so in one line.
    ok(await ganforge(['translate', 'pairs', 'images/0.png', '--runtime', 'onnx', '--out', 'translated-onnx']));
    expect(await pngSize('translated-onnx/0.png')).toEqual({ height: 16, width: 32 });
    oneLine(await ganforge(['export', 'pairs', '--out', 'web']), "ganforge: the demo feeds square images and this run's generator takes 16x32; export it with --format onnx instead");
  });

  it('refuses in one line: a family square by design, a size its network cannot reach, text that is not a size', async () => {
    oneLine(await ganforge(['train', 'progan', '--data', 'images', '--size', '32x64']), 'ganforge: progan needs square images, got 32x64: its networks are square by design; pass --size N (e.g. --size 32)');
    oneLine(
      await ganforge(['train', 'dcgan', '--data', 'images', '--size', '30x64', '--out', 'bad']),
      'ganforge: image size 30x64 cannot be reached by doubling both sides from a start whose shorter side is 4..7 pixels; nearest valid sizes: 28x64, 32x64',
    );
    // commander's own error for an option, followed by its usual "(add --help for usage)"
    const text = await ganforge(['train', 'dcgan', '--data', 'images', '--size', '32x']);
    expect(text.code).toBe(1);
    expect(text.stderr.split('\n')[0]).toBe("error: option '--size <N|HxW>' argument '32x' is invalid. must be N or HxW in pixels, e.g. 64 or 32x64.");
  });

  it('an ADA run logs p and r_t in metrics.jsonl (progress.test.ts checks the progress line)', async () => {
    ok(await ganforge(['train', 'dcgan', '--data', 'images', '--size', '8', ...quick, '--augment', 'ada', '--set', 'adaInterval=1', '--out', 'ada']));
    const lines = (await readFile(join(root, 'ada', 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    for (const line of lines) expect(line).toMatchObject({ adaP: expect.any(Number), adaRt: expect.any(Number) });
  });
});
