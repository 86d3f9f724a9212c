// The training-test scaffolding every family's test/training.test.ts shares: the wasm backend and a
// scratch folder for the file's tests, a seeded trainRun into that folder, the checkpoint's bytes,
// the metrics log, and seeded step contexts over a batch source; and the network-test checks of
// seeded weights and save/load round trips.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@ganforge/core';
import { adaStateFor } from '@ganforge/core/augment';
import { BatchSource } from '@ganforge/core/data';
import { createOptimizers } from '@ganforge/core/optim';
import { seededContext } from '@ganforge/core/train';
import { readCheckpoint, trainRun } from '@ganforge/core/node';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect } from 'vitest';

export function trainingHarness({ architecture, config, data, dataSource = 'tiny data', steps = 5, seed = 11 }) {
  const state = { backend: undefined, root: undefined };
  beforeAll(async () => {
    state.backend = await initBackend({ backend: 'wasm' });
    state.root = await mkdtemp(join(tmpdir(), `ganforge-${architecture.name}-`));
  });
  afterAll(() => rm(state.root, { recursive: true, force: true }));
  const path = (...parts) => join(state.root, ...parts);
  const run = (out, overrides = {}) =>
    trainRun({ architecture, config, data: data(), dataSource, steps, seed, out: path(out), sampleEvery: 0, checkpointEvery: 0, backend: state.backend, ...overrides });
  const log = async (out) => (await readFile(path(out, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
  return {
    get backend() {
      return state.backend;
    },
    path,
    run,
    async checkpointAt(out, step, overrides = {}) {
      await run(out, { ...overrides, steps: step });
      const resume = await readCheckpoint(path(out));
      expect(resume.meta.step).toBe(step);
      return resume;
    },
    async expectFiniteLosses(out, overrides) {
      await run(out, { steps: 2, ...overrides });
      const lines = await log(out);
      expect(lines).toHaveLength(2);
      for (const { dLoss, gLoss } of lines) expect(Number.isFinite(dLoss) && Number.isFinite(gLoss)).toBe(true);
    },
    async checkpointBytes(out) {
      const dir = path(out, 'checkpoint');
      const files = {};
      for (const net of await readdir(join(dir, 'networks'))) files[net] = (await readFile(join(dir, 'networks', net, 'weights.bin'))).toString('base64');
      for (const opt of ['generator', 'discriminator']) files[`opt-${opt}`] = (await readFile(join(dir, 'optimizers', `${opt}.bin`))).toString('base64');
      return files;
    },
    log,
  };
}

/** Trains `steps` steps of freshly built networks, asserting each step's metric names and that no tensor is left over. */
export async function expectStepsLeakNothing({ architecture, config, data, nextBatch, steps = 3, warmUp = 0, metricKeys, check }) {
  const nets = architecture.build(config, 1);
  const { optimizers, ctx } = stepContexts(config, nets, data ?? { images: { name: 'none', count: 0, height: 0, width: 0, channels: 1, images: new Uint8Array(0), labels: new Int32Array(0), classNames: [] } });
  const context = (step) => (nextBatch ? { ...ctx(step), nextBatch } : ctx(step));
  for (let step = 0; step < warmUp; step++) await architecture.trainStep(context(step));
  const before = tf.memory().numTensors;
  for (let step = warmUp; step < warmUp + steps; step++) {
    const metrics = await architecture.trainStep(context(step));
    expect(Object.keys(metrics).sort()).toEqual(metricKeys);
    check?.(metrics);
  }
  expect(tf.memory().numTensors).toBe(before);
  optimizers.generator.dispose();
  optimizers.discriminator.dispose();
  Object.values(nets).forEach((net) => net.dispose());
}

export function stepContexts(config, nets, data, seed = 1) {
  const optimizers = createOptimizers(nets, config);
  const batches = new BatchSource(data, config.batchSize, seed);
  let drawn = 0;
  const ada = adaStateFor(config); // ADA configs: one controller state across the steps
  return { optimizers, ctx: (step) => seededContext({ config, nets, optimizers, step, nextBatch: () => batches.batch(drawn++), ...(ada ? { ada } : {}) }, seed) };
}

/** Saves a model in memory and loads it back through tfjs' own serialisation (weights and config). */
export async function roundTrip(model) {
  let saved;
  await model.save(tf.io.withSaveHandler(async (artifacts) => ((saved = artifacts), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  return tf.loadLayersModel(tf.io.fromMemory(saved));
}

/** Asserts that build(seed) gives the same weights for the same seed and others for another seed; disposes what it built. */
export async function expectSeededWeights(build) {
  const weights = async (seed) => {
    const built = [build(seed)].flat();
    const values = await Promise.all(built.flatMap((model) => model.getWeights()).map(async (w) => Array.from(await w.data())));
    built.forEach((model) => model.dispose());
    return values;
  };
  expect(await weights(3)).toEqual(await weights(3));
  expect(await weights(3)).not.toEqual(await weights(4));
}

/** Registers a beforeAll that starts the wasm backend, for a network-test file. */
export function useWasmBackend() {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });
}

/** `count` seeded size x size gray images: a bright side x side square at a random place on black. */
export function squaresDataset({ count = 32, size, side, seed = 12345 }) {
  const images = new Uint8Array(count * size * size);
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) {
    const top = Math.floor(random() * (size - side + 1));
    const left = Math.floor(random() * (size - side + 1));
    for (let y = top; y < top + side; y++) for (let x = left; x < left + side; x++) images[i * size * size + y * size + x] = 255;
  }
  return { name: 'squares', count, height: size, width: size, channels: 1, images, labels: new Int32Array(count), classNames: [] };
}

/** Largest |a - b| over two tensors of the same shape. */
export async function maxAbsDifference(a, b) {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [await a.data(), await b.data()];
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
}

/** Asserts that each model, saved and loaded in memory, gives bit-identical outputs on a seeded batch of 2; disposes the models. */
export async function expectRoundTripIdentical(models) {
  for (const model of models) {
    const loaded = await roundTrip(model);
    const x = tf.randomUniform([2, ...model.inputs[0].shape.slice(1)], -1, 1, 'float32', 9);
    const [a, b] = [model.predict(x), loaded.predict(x)];
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  }
}
export { imageTolerance, lossTolerance, startWebGPU, webgpuFamilyChecks, weightTolerance } from './webgpu.js';
