// `ganforge export --format onnx`, `import --format onnx` and `--runtime onnx` of sample, translate
// and upscale, through the built binary: ONNX Runtime's images equal tfjs' to the 8-bit level, and
// an imported run samples exactly what the run it came from samples.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, png, type Result } from './ganforge.js';

let root: string;

const ganforge = cliRunner(() => root);

/** Largest difference of two PNGs' 8-bit values (same size required). */
async function pixelDifference(a: string, b: string): Promise<number> {
  const [x, y] = await Promise.all([a, b].map(async (f) => PNG.sync.read(await readFile(join(root, f)))));
  expect([x!.width, x!.height]).toEqual([y!.width, y!.height]);
  let largest = 0;
  for (let i = 0; i < x!.data.length; i++) largest = Math.max(largest, Math.abs(x!.data[i]! - y!.data[i]!));
  return largest;
}

const ok = (result: Result) => {
  expect(result.stderr).not.toMatch(/ganforge:/);
  expect(result.code).toBe(0);
};

/** A failed call that printed exactly one line, `ganforge: ...`, matching `pattern`. */
const oneLine = (result: Result, pattern: RegExp) => {
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
};

describe('ganforge and ONNX', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-onnx-'));
    // 8 RGB images 8x8 in two class folders.
    for (let i = 0; i < 8; i++) {
      const folder = join(root, 'images', i % 2 === 0 ? 'red' : 'blue');
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, `${i}.png`), png(8, 8, (x, y) => (i % 2 === 0 ? [200 + x, y * 20, 30] : [20, x * 20, 200 + y])));
    }
    ok(await ganforge(['train', 'dcgan', '--data', 'images', '--size', '8', '--batch', '4', '--steps', '2', '--ema', '0.5', '--sample-every', '0', '--checkpoint-every', '0', '--out', 'dcgan']));
    ok(await ganforge(['train', 'cgan', '--data', 'images', '--size', '8', '--batch', '4', '--steps', '2', '--sample-every', '0', '--checkpoint-every', '0', '--out', 'cgan']));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('exports the generator and discriminator as ONNX with ganforge.json: family, config, named inputs and ranges', async () => {
    const result = await ganforge(['export', 'dcgan', '--format', 'onnx', '--with-discriminator', '--out', 'onnx/dcgan']);
    ok(result);
    expect(result.stdout).toMatch(/exported dcgan \(step 2\) as ONNX opset 17 to .*onnx\/dcgan: generator\.onnx \(generator-ema, [\d.]+ MB\), discriminator\.onnx \(discriminator, [\d.]+ MB\), ganforge\.json/);
    expect((await readdir(join(root, 'onnx', 'dcgan'))).sort()).toEqual(['discriminator.onnx', 'ganforge.json', 'generator.onnx']);
    const manifest = JSON.parse(await readFile(join(root, 'onnx', 'dcgan', 'ganforge.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'ganforge-onnx',
      architecture: 'dcgan',
      preset: null,
      step: 2,
      opset: 17,
      config: { imageSize: 8, latentDim: 100, ema: 0.5 },
      models: {
        generator: {
          file: 'generator.onnx',
          network: 'generator-ema',
          inputs: [{ name: 'z', type: 'float32', shape: ['N', 100] }],
          outputs: [{ name: 'image', type: 'float32', shape: ['N', 8, 8, 3], range: [-1, 1] }],
        },
        discriminator: { inputs: [{ name: 'image', shape: ['N', 8, 8, 3] }], outputs: [{ name: 'logits', shape: ['N', 1] }] },
      },
    });
    oneLine(await ganforge(['export', 'dcgan', '--format', 'onnx', '--out', 'onnx/dcgan']), /^ganforge: export folder "onnx\/dcgan" is not empty/);
    oneLine(await ganforge(['export', 'dcgan', '--with-discriminator', '--out', 'web']), /^ganforge: --with-discriminator needs --format onnx/);
  });

  it('samples the same images on onnxruntime-node as on tfjs, from z and from z with a class', async () => {
    const onnx = await ganforge(['sample', 'dcgan', '--runtime', 'onnx', '--count', '6', '--seed', '3', '--out', 'onnx.png']);
    ok(onnx);
    expect(onnx.stdout).toMatch(/wrote 6 samples from generator-ema on onnxruntime-node [\d.]+ \(seed 3\) to onnx\.png/);
    ok(await ganforge(['sample', 'dcgan', '--count', '6', '--seed', '3', '--out', 'tfjs.png']));
    expect(await pixelDifference('onnx.png', 'tfjs.png')).toBeLessThanOrEqual(1);

    ok(await ganforge(['sample', 'cgan', '--runtime', 'onnx', '--class', 'red', '--count', '4', '--out', 'red-onnx.png']));
    ok(await ganforge(['sample', 'cgan', '--class', 'red', '--count', '4', '--out', 'red-tfjs.png']));
    expect(await pixelDifference('red-onnx.png', 'red-tfjs.png')).toBeLessThanOrEqual(1);
    // The class input matters: another class gives other images.
    ok(await ganforge(['sample', 'cgan', '--runtime', 'onnx', '--class', 'blue', '--count', '4', '--out', 'blue-onnx.png']));
    expect(await pixelDifference('red-onnx.png', 'blue-onnx.png')).toBeGreaterThan(1);
  });

  it('imports an export back into a run folder that samples exactly as the original and exports for the demo', async () => {
    const imported = await ganforge(['import', 'onnx/dcgan', '--format', 'onnx', '--out', 'imported']);
    ok(imported);
    expect(imported.stdout).toMatch(/imported dcgan step 2 \(generator, discriminator\) into .*imported\/checkpoint/);
    ok(await ganforge(['sample', 'imported', '--count', '6', '--seed', '3', '--out', 'imported.png']));
    expect(await pixelDifference('imported.png', 'tfjs.png')).toBe(0);
    ok(await ganforge(['export', 'imported', '--out', 'web/imported']));
    expect((await readdir(join(root, 'web', 'imported'))).sort()).toEqual(['ganforge.json', 'model.json', 'weights.bin']);
    oneLine(await ganforge(['import', 'onnx/dcgan', '--format', 'onnx', '--out', 'imported']), /^ganforge: run folder "imported" already has a checkpoint/);
  });

  it('refuses, in one line, files that are not ganforge ONNX exports', async () => {
    oneLine(await ganforge(['import', 'images/red/0.png', '--format', 'onnx', '--out', 'x']), /^ganforge: "images\/red\/0\.png" is not an ONNX model .*`ganforge export --format onnx` writes/);
    oneLine(await ganforge(['import', 'dcgan', '--format', 'onnx', '--out', 'x']), /^ganforge: folder "dcgan" has no ganforge\.json; import reads/);
    ok(await ganforge(['export', 'dcgan', '--out', 'web/tfjs']));
    oneLine(await ganforge(['import', 'web/tfjs', '--format', 'onnx', '--out', 'x']), /^ganforge: ".*ganforge\.json" describes a tfjs export, not an ONNX one/);
    // An ONNX file without ganforge's metadata.
    const { encodeOnnxModel } = await import('@ganforge/onnx');
    const plain = encodeOnnxModel(
      { name: 'plain', nodes: [{ name: 'copy', opType: 'Identity', inputs: ['x'], outputs: ['y'], attributes: {} }], initializers: [], inputs: [{ name: 'x', type: 'float32', shape: [1] }], outputs: [{ name: 'y', type: 'float32', shape: [1] }], opsetVersion: 17, weights: [] },
      { properties: {}, producerVersion: 'test' },
    );
    await writeFile(join(root, 'plain.onnx'), plain);
    oneLine(await ganforge(['import', 'plain.onnx', '--format', 'onnx', '--out', 'x']), /^ganforge: "plain\.onnx" is an ONNX model but not a ganforge export \(no "ganforge" metadata\)/);
  });
});

describe('translate and upscale on onnxruntime-node', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-onnx-img-'));
    // pix2pix: 8 A|B pairs of 16x16 halves; cyclegan: two domains; srgan: HR images.
    await mkdir(join(root, 'shapes', 'train'), { recursive: true });
    for (let i = 0; i < 8; i++) await writeFile(join(root, 'shapes', 'train', `${i}.png`), png(32, 16, (x, y) => (x < 16 ? [x * 15, y * 15, i * 20] : [255 - x * 7, y * 15, 100])));
    for (const [folder, colour] of [['trainA', [20, 30, 90]], ['trainB', [240, 230, 150]]] as const) {
      await mkdir(join(root, 'domains', folder), { recursive: true });
      for (let i = 0; i < 3; i++) await writeFile(join(root, 'domains', folder, `${i}.png`), png(16, 16, (x, y) => colour.map((c) => c + x - y)));
    }
    await mkdir(join(root, 'hr'), { recursive: true });
    for (let i = 0; i < 3; i++) await writeFile(join(root, 'hr', `${i}.png`), png(32, 32, (x, y) => [(x * 7 + i * 40) % 256, (y * 5 + 60) % 256, Math.round(128 + 100 * Math.sin((x + y + i) / 4))]));
    await mkdir(join(root, 'inputs'), { recursive: true });
    await writeFile(join(root, 'inputs', 'a.png'), png(20, 20, (x, y) => [x * 12, 255 - y * 12, 90]));
    await writeFile(join(root, 'photo.png'), png(21, 13, (x, y) => [(x * 11) % 256, (y * 17) % 256, (x * y) % 256]));
    ok(await ganforge(['train', 'pix2pix', '--preset', 'edges2shapes', '--data', 'shapes', '--size', '16', '--batch', '4', '--steps', '2', '--sample-every', '0', '--checkpoint-every', '0', '--out', 'p2p']));
    ok(await ganforge(['train', 'cyclegan', '--preset', 'day2night', '--data', 'domains', '--size', '16', '--batch', '1', '--steps', '1', '--sample-every', '0', '--checkpoint-every', '0', '--out', 'cg']));
    ok(await ganforge(['train', 'srgan', '--preset', 'small', '--data', 'hr', '--size', '32', '--batch', '2', '--steps', '2', '--pretrain-steps', '1', '--sample-every', '0', '--checkpoint-every', '0', '--out', 'sr']));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('translates as tfjs does (pix2pix; cyclegan both ways with --cycle), and says when a run has no reverse generator', async () => {
    const onnx = await ganforge(['translate', 'p2p', 'inputs', '--runtime', 'onnx', '--out', 'p2p-onnx']);
    ok(onnx);
    expect(onnx.stdout).toMatch(/\| onnxruntime-node [\d.]+ \|/);
    ok(await ganforge(['translate', 'p2p', 'inputs', '--out', 'p2p-tfjs']));
    expect(await pixelDifference('p2p-onnx/a.png', 'p2p-tfjs/a.png')).toBeLessThanOrEqual(1);
    oneLine(await ganforge(['translate', 'p2p', 'inputs', '--runtime', 'onnx', '--direction', 'BtoA', '--out', 'x']), /^ganforge: this pix2pix run translates only AtoB \(it has one generator\); pass --direction AtoB/);

    ok(await ganforge(['translate', 'cg', 'inputs', '--runtime', 'onnx', '--direction', 'BtoA', '--cycle', '--out', 'cg-onnx']));
    ok(await ganforge(['translate', 'cg', 'inputs', '--direction', 'BtoA', '--cycle', '--out', 'cg-tfjs']));
    expect(await pixelDifference('cg-onnx/a.png', 'cg-tfjs/a.png')).toBeLessThanOrEqual(1);
    expect(await pixelDifference('cg-onnx/a-cycle.png', 'cg-tfjs/a-cycle.png')).toBeLessThanOrEqual(1);
  });

  it('upscales an odd-sized image tile by tile as tfjs does', async () => {
    const onnx = await ganforge(['upscale', 'sr', 'photo.png', '--runtime', 'onnx', '--tile', '8', '--out', 'sr-onnx']);
    ok(onnx);
    expect(onnx.stdout).toMatch(/\| onnxruntime-node [\d.]+ \|/);
    ok(await ganforge(['upscale', 'sr', 'photo.png', '--tile', '8', '--out', 'sr-tfjs']));
    expect(await pixelDifference('sr-onnx/photo.png', 'sr-tfjs/photo.png')).toBeLessThanOrEqual(1);
    const { width, height } = PNG.sync.read(await readFile(join(root, 'sr-onnx', 'photo.png')));
    expect([width, height]).toEqual([84, 52]);
  });
});

describe('ganforge bench, inference section', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-onnx-bench-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('times a family\'s generator on tfjs and on ONNX Runtime in one process, with the same outputs', async () => {
    const result = await ganforge(['bench-inference-row', '--architecture', 'dcgan', '--backend', 'wasm', '--iterations', '1', '--batch', '2']);
    ok(result);
    const row = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(row).toMatchObject({ architecture: 'dcgan', config: 'dcgan-celeba64', task: 'generate', batch: 2, tfjs_backend: 'wasm', onnxruntime: expect.stringMatching(/^onnxruntime-node /) });
    expect(row.tfjs_images_per_s).toBeCloseTo((2 * 1000) / row.tfjs_ms, 0);
    expect(row.speedup / (row.tfjs_ms / row.onnx_ms)).toBeCloseTo(1, 1); // ms are rounded to 0.1
    expect(row.max_abs_difference).toBeLessThan(1e-4);
  });
});
