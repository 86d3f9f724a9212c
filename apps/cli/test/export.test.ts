// `ganforge export`, run as a subprocess on the built binary: the files the browser demo loads.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type ExportManifest } from '@ganforge/core';
import { loadModel } from '@ganforge/core/node';
import { cliRunner } from './ganforge.js';

let root: string;

const ganforge = cliRunner(() => root);

/** 8 PNGs 8x8 RGB in one folder. */
async function imageFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < 8; i++) {
    const png = new PNG({ width: 8, height: 8 });
    for (let p = 0; p < 64; p++) png.data.set([p * 4, i * 30, 255 - p * 3, 255], p * 4);
    await writeFile(join(dir, `${i}.png`), PNG.sync.write(png));
  }
}

/** Max |a - b| of the two generators' images for the same seeded codes. */
async function largestDifference(a: tf.LayersModel, b: tf.LayersModel): Promise<number> {
  const difference = tf.tidy(() => {
    const z = tf.randomNormal([3, 100], 0, 1, 'float32', 5);
    return tf.max(tf.abs(tf.sub(a.predict(z) as tf.Tensor, b.predict(z) as tf.Tensor)));
  });
  const [value] = await difference.data();
  difference.dispose();
  return value!;
}

const manifestOf = async (dir: string) => JSON.parse(await readFile(join(root, dir, 'ganforge.json'), 'utf8')) as ExportManifest;

describe('ganforge export', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-export-'));
    await imageFolder(join(root, 'images'));
    await initBackend({ backend: 'wasm', threads: 1 });
    const trained = await ganforge(['train', 'dcgan', '--data', 'images', '--size', '8', '--batch', '4', '--steps', '3', '--ema', '0.5', '--sample-every', '0', '--checkpoint-every', '0', '--out', 'run']);
    expect(trained.stderr).not.toMatch(/ganforge:/);
    expect(trained.code).toBe(0);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes the EMA generator as a LayersModel with a manifest the demo reads', async () => {
    const { code, stdout, stderr } = await ganforge(['export', 'run', '--out', 'web/dcgan']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/exported dcgan generator-ema \(step 3, input noise\) to .*web\/dcgan: model\.json, ganforge\.json/);
    expect((await readdir(join(root, 'web', 'dcgan'))).sort()).toEqual(['ganforge.json', 'model.json', 'weights.bin']);

    const manifest = await manifestOf('web/dcgan');
    expect(manifest).toMatchObject({
      format: 1,
      architecture: 'dcgan',
      network: 'generator-ema',
      step: 3,
      seed: 0,
      input: { kind: 'noise', latentDim: 100 },
      output: { height: 8, width: 8, channels: 3, range: [-1, 1] },
      models: { generator: 'model.json' },
      data: { source: 'images', height: 8, width: 8, channels: 3, classNames: [] },
    });
    expect(manifest.exportedBy).toMatch(/^@ganforge\/cli \d+\.\d+\.\d+/);
    expect(manifest.config).toMatchObject({ imageSize: 8, ema: 0.5, latentDim: 100 });

    // The exported model is the checkpoint's EMA generator, not the raw one (which differs after 3 steps).
    const exported = await loadModel(join(root, 'web', 'dcgan'));
    const ema = await loadModel(join(root, 'run', 'checkpoint', 'networks', 'generator-ema'));
    const raw = await loadModel(join(root, 'run', 'checkpoint', 'networks', 'generator'));
    expect(await largestDifference(exported, ema)).toBe(0);
    expect(await largestDifference(exported, raw)).toBeGreaterThan(1e-6);

    // tf.loadLayersModel reads the folder as the browser does, through model.json's weightsManifest.
    const modelJson = JSON.parse(await readFile(join(root, 'web', 'dcgan', 'model.json'), 'utf8'));
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
  });

  it('exports the raw generator with --raw', async () => {
    const { code } = await ganforge(['export', 'run', '--out', 'web/raw', '--raw']);
    expect(code).toBe(0);
    expect((await manifestOf('web/raw')).network).toBe('generator');
    const exported = await loadModel(join(root, 'web', 'raw'));
    const raw = await loadModel(join(root, 'run', 'checkpoint', 'networks', 'generator'));
    expect(await largestDifference(exported, raw)).toBe(0);
  });

  it.each([
    [['export', 'run'], /required option '--out <folder>' not specified/],
    [['export', 'no-such-run', '--out', 'x'], /checkpoint "no-such-run" does not exist/],
    [['export', 'run', '--out', 'web/dcgan'], /export folder "web\/dcgan" is not empty; pass an empty or new folder/],
  ])('%j fails with one clear line', async (args, message) => {
    const { code, stderr } = await ganforge(args);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
