// The webgpu checks every family's test/webgpu.test.ts runs, on webgpu-over-SwiftShader (see
// @ganforge/swiftshader): a seeded run trained 1 step and resumed to 2 equals the run trained 2 steps
// straight bit for bit; its first steps' losses are within `lossTolerance` of the same seeded steps on wasm;
// the family's own inference hook gives what it gives on wasm; nothing leaks; the GPU-scale presets
// train their first steps at a reduced width. Shapes stay tiny: SwiftShader is ~100x slower than a
// GPU. GANFORGE_WEBGPU_CLOSENESS=1 prints the measured closeness as one JSON line per check.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@ganforge/core';
import { readCheckpoint, resumePoint, writeCheckpoint } from '@ganforge/core/node';
import { trainLoop } from '@ganforge/core/train';
import { startWebGPU as startOnSwiftShader } from '@ganforge/swiftshader';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** initBackend on webgpu-over-SwiftShader by name, as core's own webgpu tests start it. */
export const startWebGPU = () => startOnSwiftShader(initBackend);

/**
 * Largest |webgpu - wasm| / max(|wasm|, 1) over the continuous metrics (losses, penalties; not the
 * 0/1 accuracies) of the first two seeded steps, over all eight families, on SwiftShader: 8.8e-7
 * measured (pix2pix, 2026-12-04), chosen 1e-5 (see the README's WebGPU section). Step 2's losses depend on
 * step 1's full update (both backward passes, R1 and gradient penalties), so this bounds the whole
 * step, not just the forward pass.
 */
export const lossTolerance = 1e-5;

/**
 * Largest |webgpu - wasm| of an inference hook's images in [-1, 1] from the same weights: 8.9e-7
 * measured (stylegan, 2026-12-04), chosen 1e-5. `upscale` returns 8-bit images, so there one level (1/127.5) is allowed.
 */
export const imageTolerance = 1e-5;

/**
 * Largest |a - b| over the weights and optimizer moments of a run resumed on the other backend and
 * the run trained straight on the first: 1.5e-8 measured (dcgan, 2026-12-04), chosen 1e-6; a resume that skips
 * the optimizer state misses by about the learning rate (2e-4).
 */
export const weightTolerance = 1e-6;

/** Metrics compared across backends: everything continuous (D's accuracies count logits on one side of 0). */
const continuous = (line) => Object.keys(line).filter((key) => key !== 'step' && typeof line[key] === 'number' && !key.startsWith('dAcc'));

/** |a - b| / max(|b|, 1): relative for large values, absolute near 0. */
const closeness = (a, b) => Math.abs(a - b) / Math.max(Math.abs(b), 1);

const report = (record) => {
  if (process.env.GANFORGE_WEBGPU_CLOSENESS) console.log(JSON.stringify(record));
};

/** The largest closeness over the continuous metrics of matching log lines. */
function logCloseness(gpu, cpu) {
  expect(gpu.length).toBe(cpu.length);
  let worst = 0;
  gpu.forEach((line, i) => {
    const keys = continuous(cpu[i]).sort();
    expect(continuous(line).sort()).toEqual(keys);
    for (const key of keys) worst = Math.max(worst, closeness(line[key], cpu[i][key]));
  });
  return worst;
}

/** `count` seeded 8-bit images of a shape: what the GPU-preset runs train on. */
function randomImages(name, size, channels, count, seed) {
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const images = Uint8Array.from({ length: count * size * size * channels }, () => Math.floor(random() * 256));
  return { name, count, height: size, width: size, channels, images, labels: new Int32Array(count), classNames: [] };
}

/** Every float of a run's checkpoint (networks and optimizers), by file. */
async function checkpointFloats(dir) {
  const files = {};
  for (const net of await readdir(join(dir, 'networks'))) files[net] = join(dir, 'networks', net, 'weights.bin');
  for (const opt of await readdir(join(dir, 'optimizers'))) if (opt.endsWith('.bin')) files[`opt-${opt.slice(0, -4)}`] = join(dir, 'optimizers', opt);
  const floats = {};
  for (const [name, file] of Object.entries(files)) {
    const bytes = await readFile(file);
    floats[name] = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  return floats;
}

/** Largest |a - b| over every float of two checkpoints of the same networks. */
function maxWeightDifference(a, b) {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  let worst = 0;
  for (const name of Object.keys(a)) {
    expect(a[name].length).toBe(b[name].length);
    for (let i = 0; i < a[name].length; i++) worst = Math.max(worst, Math.abs(a[name][i] - b[name][i]));
  }
  return worst;
}

/** The family's own inference hook on a few inputs: its images (the caller disposes), the hook's name and the shape they must have. */
async function inferenceOutput(architecture, nets, config) {
  const count = 2;
  if (architecture.latent && architecture.generate) {
    const latent = architecture.latent(config, count, 1);
    const images = architecture.generate(nets.generator, latent, config);
    latent.dispose();
    return { hook: 'generate', images, expected: [count, config.imageSize, config.imageSize, config.channels], tolerance: imageTolerance };
  }
  if (architecture.translate) {
    const size = config.imageSize;
    const inputs = tf.randomUniform([count, size, size, config.channels ?? 3], -1, 1, 'float32', 1);
    const images = architecture.translate(nets, inputs, config.direction ?? 'AtoB', config);
    inputs.dispose();
    return { hook: 'translate', images, expected: inputs.shape, tolerance: imageTolerance };
  }
  if (architecture.upscale) {
    const [width, height, channels] = [11, 7, config.channels ?? 3];
    const data = Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 37) % 256);
    const up = await architecture.upscale(nets.generator, { width, height, channels, data }, config, { tileSize: 6, overlap: 2 });
    const images = tf.tidy(() => tf.sub(tf.div(tf.tensor4d(Float32Array.from(up.data), [1, up.height, up.width, up.channels]), 127.5), 1));
    return { hook: 'upscale', images, expected: [1, height * config.scale, width * config.scale, channels], tolerance: 1 / 127.5 };
  }
  expect(architecture.sampleGrid, `${architecture.name} has no inference hook (generate, translate, upscale or sampleGrid)`).toBeDefined();
  const batch = { images: tf.zeros([1, 1, 1, 1]), labels: tf.zeros([1], 'int32') };
  const { images } = architecture.sampleGrid(nets, batch, config);
  tf.dispose([batch.images, batch.labels]);
  return { hook: 'sampleGrid', images, expected: images.shape, tolerance: imageTolerance };
}

/**
 * Registers the webgpu tests of a family in the calling test file (see webgpu.d.ts): wasm and
 * webgpu-over-SwiftShader started in beforeAll, a scratch folder removed in afterAll.
 */
export function webgpuFamilyChecks({ architecture, config, data, dataSource = 'tiny data', seed = 11, crossBackendResume = false, gpuPresets = {} }) {
  const state = { root: undefined, wasm: undefined, webgpu: undefined, straight: undefined };
  beforeAll(async () => {
    state.wasm = await initBackend({ backend: 'wasm' });
    state.webgpu = await startWebGPU();
    state.root = await mkdtemp(join(tmpdir(), `ganforge-webgpu-${architecture.name}-`));
  });
  afterAll(() => rm(state.root, { recursive: true, force: true }));

  const path = (...parts) => join(state.root, ...parts);
  /**
   * Core's training loop on `backend` ('wasm' or 'webgpu') into path(out): the checkpoint of step k
   * in path(out, `step-k`) (every `checkpointEvery` steps and at the end), from the checkpoint in the
   * folder `resumeFrom` if given; resolves with the metrics log. trainRun's loop, with every
   * checkpoint kept, so one straight run also gives the checkpoint a resume starts from.
   */
  const train = async (out, backend, { steps = 2, checkpointEvery = 0, resumeFrom, ...overrides } = {}) => {
    await tf.setBackend(backend);
    const log = [];
    const storage = {
      truncateLog: async () => {},
      appendLog: async (record) => void log.push(record),
      writeSamples: async () => {}, // the grid is rendered (the family's generate or sampleGrid), not written
      writeCheckpoint: (meta, nets, optimizers) => writeCheckpoint(path(out, `step-${meta.step}`), meta, nets, optimizers),
    };
    const resume = resumeFrom && (await readCheckpoint(resumeFrom));
    await trainLoop({
      architecture, config, data: data(), dataSource, seed, steps, sampleEvery: 0, checkpointEvery, backend: state[backend], storage, ...overrides,
      ...(resume ? { resume: resumePoint(resume) } : {}),
    });
    return log;
  };
  /**
   * 2 steps straight on webgpu, keeping the checkpoints of steps 1 and 2; the checks share it. A
   * resume needs 1 step and 1 resumed step (step 2 runs from step 1's weights, optimizer moments and
   * step count, all read back from disk), and every step on SwiftShader costs seconds: the runs stop
   * at 2 (they ran to 3, resuming at 2, until the first webgpu test of a file took up to a minute).
   */
  const straight = () => (state.straight ??= train('straight', 'webgpu', { checkpointEvery: 1 }));
  const checkpoint = (out, step) => path(out, `step-${step}`, 'checkpoint');

  describe(`${architecture.name} on webgpu (SwiftShader)`, () => {
    it('trains 1 step, then resumes to 2, bit-identical to 2 steps straight; the checkpoint names the adapter; nothing leaks', async () => {
      const before = tf.memory().numTensors;
      await straight();
      const { meta } = await readCheckpoint(path('straight', 'step-1'));
      expect(meta.step).toBe(1);
      expect(meta.backend).toMatchObject({ backend: 'webgpu', adapter: { architecture: 'swiftshader', cpuFallback: true } });
      const resumed = await train('resumed', 'webgpu', { resumeFrom: path('straight', 'step-1') });
      expect(tf.memory().numTensors).toBe(before);
      expect(resumed.map((l) => l.step)).toEqual([2]);
      expect(await checkpointFloats(checkpoint('resumed', 2))).toEqual(await checkpointFloats(checkpoint('straight', 2)));
    });

    it(`its first 2 seeded steps' losses are within ${lossTolerance} of the same steps on wasm`, async () => {
      const gpu = await straight();
      const cpu = await train('wasm', 'wasm');
      const worst = logCloseness(gpu, cpu);
      report({ family: architecture.name, check: 'first 2 steps, webgpu vs wasm', closeness: worst, steps: gpu.map((l, i) => ({ webgpu: l, wasm: cpu[i] })) });
      expect(worst).toBeLessThanOrEqual(lossTolerance);
      expect(gpu.every((l) => continuous(l).every((key) => Number.isFinite(l[key])))).toBe(true);
    });

    it('its inference hook gives on webgpu what it gives on wasm from the same weights, and leaks nothing', async () => {
      const outputs = [];
      for (const backend of ['wasm', 'webgpu']) {
        await tf.setBackend(backend);
        const nets = architecture.build(config, seed);
        const before = tf.memory().numTensors;
        const { hook, images, expected, tolerance } = await inferenceOutput(architecture, nets, config);
        expect(images.shape, hook).toEqual(expected);
        outputs.push({ hook, tolerance, values: await images.data() });
        images.dispose();
        expect(tf.memory().numTensors, `${hook} on ${backend} left tensors`).toBe(before);
        Object.values(nets).forEach((net) => net.dispose());
      }
      const [cpu, gpu] = outputs.map((o) => o.values);
      const worst = cpu.reduce((m, v, i) => Math.max(m, Math.abs(v - gpu[i])), 0);
      report({ family: architecture.name, check: `${outputs[0].hook}, webgpu vs wasm`, maxAbs: worst });
      expect(gpu.every(Number.isFinite)).toBe(true);
      expect(worst).toBeLessThanOrEqual(outputs[0].tolerance);
    });

    if (crossBackendResume) {
      it('a checkpoint written on wasm resumes on webgpu and the other way round, each within reach of its straight run', async () => {
        const logs = { webgpu: await straight(), wasm: await train('wasm-straight', 'wasm', { checkpointEvery: 1 }) };
        for (const [from, to] of [['wasm', 'webgpu'], ['webgpu', 'wasm']]) {
          const source = from === 'wasm' ? 'wasm-straight' : 'straight';
          const { meta } = await readCheckpoint(path(source, 'step-1'));
          expect(meta.backend.backend).toBe(from);
          const out = `${from}-to-${to}`;
          const resumed = await train(out, to, { resumeFrom: path(source, 'step-1') });
          expect((await readCheckpoint(path(out, 'step-2'))).meta).toMatchObject({ step: 2, backend: { backend: to } });
          // Step 2's losses come from the weights step 1 left on `from`, computed on `to`; its update
          // is `to`'s, from the optimizer state `from` saved.
          const lossGap = logCloseness(resumed, logs[from].slice(1));
          const weightGap = maxWeightDifference(await checkpointFloats(checkpoint(out, 2)), await checkpointFloats(checkpoint(source, 2)));
          report({ family: architecture.name, check: `resume ${from} -> ${to} vs 2 steps on ${from}`, closeness: lossGap, maxAbsWeight: weightGap });
          expect(lossGap).toBeLessThanOrEqual(lossTolerance);
          expect(weightGap).toBeLessThanOrEqual(weightTolerance);
        }
      });
    }

    for (const [name, reduce] of Object.entries(gpuPresets)) {
      it(`the GPU-scale preset ${name} trains its first 2 steps on webgpu at a reduced size (${Object.entries(reduce).map(([k, v]) => `${k} ${v}`).join(', ')})`, async () => {
        const preset = architecture.presets[name];
        expect(preset?.gpu, `${architecture.name} preset ${name} is not marked gpu`).toBeDefined();
        const presetConfig = { ...architecture.defaults, ...preset.config, ...reduce };
        const size = presetConfig.imageSize;
        const channels = presetConfig.channels ?? 3;
        const images = randomImages('random', size, channels, presetConfig.batchSize * 2, 3);
        const presetData =
          architecture.data === 'paired' || architecture.data === 'unpaired'
            ? { images, source: randomImages('random source', size, channels, presetConfig.batchSize * 2, 4), paired: architecture.data === 'paired' }
            : { images };
        const fitted = architecture.fitToData(presetConfig, { height: size, width: size, channels, numClasses: 0 });
        const before = tf.memory().numTensors;
        const lines = await train(`preset-${name}`, 'webgpu', { config: fitted, data: presetData, steps: 2 });
        expect(tf.memory().numTensors).toBe(before);
        expect(lines.map((l) => l.step)).toEqual([1, 2]);
        for (const line of lines) expect(continuous(line).every((key) => Number.isFinite(line[key]))).toBe(true);
      });
    }
  });
}
