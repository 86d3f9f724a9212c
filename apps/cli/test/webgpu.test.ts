// The binary on webgpu-over-SwiftShader, as a user runs it with `--backend webgpu` and
// GANFORGE_WEBGPU_ADAPTER=swiftshader: train and sample a DCGAN, a bench row with its kernel and
// dispatch counts and the adapter; and the GPU-scale presets: marked by `list`, warned about on wasm.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { swiftShaderEnv } from '@ganforge/swiftshader';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldSettings, gpuPresetWarning } from '../src/commands/train.js';
import { cliRunner } from './ganforge.js';

let root: string;
const ganforge = cliRunner(() => root);
const onSwiftShader = { env: swiftShaderEnv({}) };

/** 8 PNGs 8x8 RGB in one folder. */
async function imageFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < 8; i++) {
    const png = new PNG({ width: 8, height: 8 });
    for (let p = 0; p < 64; p++) png.data.set([p * 4 + i * 10, 200 - i * 20, 255 - p * 3, 255], p * 4);
    await writeFile(join(dir, `${i}.png`), PNG.sync.write(png));
  }
}

const tiny = ['--data', 'images', '--size', '8', '--batch', '4', '--set', 'ngf=8', '--set', 'ndf=8', '--set', 'latentDim=8', '--sample-every', '0', '--checkpoint-every', '0'];

// One scratch folder for both groups: the runs of the second need it too.
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ganforge-cli-webgpu-'));
  await imageFolder(join(root, 'images'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('ganforge on webgpu (SwiftShader)', () => {

  it('trains dcgan with --backend webgpu, names the adapter, and samples the run on webgpu as on wasm', async () => {
    const trained = await ganforge(['train', 'dcgan', ...tiny, '--backend', 'webgpu', '--steps', '2', '--out', 'run'], onSwiftShader);
    expect(trained.stderr).not.toMatch(/ganforge:/);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/backend webgpu \(@tensorflow\/tfjs-backend-webgpu, google swiftshader \(SwiftShader driver [^)]*\)\)/);
    const meta = JSON.parse(await readFile(join(root, 'run', 'checkpoint', 'checkpoint.json'), 'utf8'));
    expect(meta).toMatchObject({ step: 2, backend: { backend: 'webgpu', requested: 'webgpu', adapter: { architecture: 'swiftshader', cpuFallback: true } } });
    const log = (await readFile(join(root, 'run', 'metrics.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(log.map((l) => l.step)).toEqual([1, 2]);
    expect(log.every((l) => Number.isFinite(l.dLoss) && Number.isFinite(l.gLoss))).toBe(true);

    const [gpu, cpu] = await Promise.all([
      ganforge(['sample', 'run', '--count', '4', '--seed', '5', '--backend', 'webgpu', '--out', 'webgpu.png'], onSwiftShader),
      ganforge(['sample', 'run', '--count', '4', '--seed', '5', '--backend', 'wasm', '--out', 'wasm.png']),
    ]);
    expect(gpu.stderr).not.toMatch(/ganforge:/);
    expect([gpu.code, cpu.code]).toEqual([0, 0]);
    const [a, b] = await Promise.all(['webgpu.png', 'wasm.png'].map(async (file) => PNG.sync.read(await readFile(join(root, file)))));
    expect([a!.width, a!.height]).toEqual([2 * 10 + 2, 2 * 10 + 2]);
    // The same weights and latents on both backends: pixels at most one 8-bit level apart.
    expect(a!.data.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b!.data[i]!)), 0)).toBeLessThanOrEqual(1);
  });

  it('refuses SwiftShader in one line unless GANFORGE_WEBGPU_ADAPTER names it', async () => {
    const { code, stderr } = await ganforge(['train', 'dcgan', ...tiny, '--backend', 'webgpu', '--steps', '1', '--out', 'refused'], { env: { ...onSwiftShader.env, GANFORGE_WEBGPU_ADAPTER: '' } });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/found only a CPU adapter, google swiftshader .* GANFORGE_WEBGPU_ADAPTER=swiftshader/);
  });

  it('bench runs a row on webgpu with kernel and dispatch counts and the adapter; cyclegan-256 is among the standard configs', async () => {
    const unknown = await ganforge(['bench', '--config', 'nosuch']);
    expect(unknown.stderr).toMatch(/standard configs: .*\bcyclegan-256\b/);
    const small = ['--preset', 'dcgan:mnist', '--set', 'ngf=8', '--set', 'ndf=8', '--set', 'batchSize=4'];
    const { code, stdout, stderr } = await ganforge(['bench', ...small, '--backend', 'webgpu', '--steps', '1', '--warmup', '1', '--json'], onSwiftShader);
    expect(stderr).not.toMatch(/skipped/);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'dcgan:mnist', backend: 'webgpu', batch: 4, steps: 1 });
    expect(rows[0].adapter).toMatch(/^google swiftshader/);
    expect(rows[0].kernels_per_step).toBeGreaterThan(50);
    expect(rows[0].dispatches_per_step).toBeGreaterThan(50);
  });
});

describe('GPU-scale presets', () => {
  it('`ganforge list` marks exactly the presets sized for a GPU', async () => {
    const { code, stdout } = await ganforge(['list']);
    expect(code).toBe(0);
    const marked = stdout.split('\n').filter((line) => line.includes('[GPU] ')).map((line) => /--preset (\S+)/.exec(line)?.[1]);
    expect(marked.sort()).toEqual(['celeba64', 'celeba64', 'facades', 'ffhq256', 'horse2zebra', 'paper']);
    expect(stdout).toMatch(/^\[GPU\]: sized for a GPU/m);
  });

  it('warns in one line, with the measured wasm step time, when one starts on wasm', async () => {
    const { code, stderr } = await ganforge(['train', 'dcgan', '--preset', 'celeba64', ...tiny, '--steps', '1', '--out', 'celeba-on-wasm']);
    expect(code).toBe(0);
    const warnings = stderr.split('\n').filter((line) => line.startsWith('ganforge: warning:'));
    expect(warnings).toEqual([expect.stringMatching(/^ganforge: warning: preset celeba64 of dcgan is sized for a GPU, and this run is on wasm: a step took [0-9.]+ s on wasm, so 1 step would take about .* \(`ganforge bench --preset dcgan:celeba64 .*\); train it with --backend webgpu/)]);
    const plain = await ganforge(['train', 'dcgan', ...tiny, '--steps', '1', '--out', 'plain-on-wasm']);
    expect(plain.stderr).not.toMatch(/warning/);
  });

  it('--set (train, and bench with --preset) takes a number or null for a field off by default, as the last phase of a schedule is pinned', () => {
    const family = { name: 'fam', defaults: { fixedLevel: null as number | null }, fields: {} };
    expect(fieldSettings(family as never, ['fixedLevel=4'])).toEqual({ fixedLevel: 4 });
    expect(fieldSettings(family as never, ['fixedLevel=null'])).toEqual({ fixedLevel: null });
    expect(() => fieldSettings(family as never, ['fixedLevel=top'])).toThrow('--set fixedLevel=top: fixedLevel takes a number or null (default null); "top" is not one');
  });

  it('words the warning for cpu, for a step that does not fit the wasm heap, and in days', () => {
    const preset = (wasmStepSeconds: number | null) => ({ name: 'big', gpu: { wasmStepSeconds, measured: 'measured here' } });
    expect(gpuPresetWarning('fam', preset(30), 'wasm', 2000)).toBe(
      'ganforge: warning: preset big of fam is sized for a GPU, and this run is on wasm: a step took 30 s on wasm, so 2000 steps would take about 17 hours (measured here); train it with --backend webgpu (or tensorflow with CUDA) on a machine with a GPU',
    );
    expect(gpuPresetWarning('fam', preset(30), 'cpu', 100_000)).toContain('a step took 30 s on wasm (cpu is slower still), so 100000 steps would take about 35 days');
    expect(gpuPresetWarning('fam', { name: 'big', gpu: { wasmStepSeconds: 600, wasmStepSecondsAtLeast: true, measured: 'stopped' } }, 'wasm', 6)).toContain('a step took over 600 s on wasm, so 6 steps would take over 1 hour (stopped)');
    expect(gpuPresetWarning('fam', preset(null), 'wasm', 10)).toContain('its step does not fit the wasm heap (4 GiB), so this run will stop out of memory (measured here)');
  });
});
