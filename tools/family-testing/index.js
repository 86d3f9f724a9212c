// The training-test scaffolding every family's test/training.test.ts shares: the wasm backend and a
// scratch folder for the file's tests, a seeded trainRun into that folder, the checkpoint's bytes,
// the metrics log, and seeded step contexts over a batch source; and the network-test checks of
// seeded weights and save/load round trips; the augmentation and non-square image tests families share.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageShapeOf, initBackend } from '@ganforge/core';
import { adaStateFor, augmentDefaults } from '@ganforge/core/augment';
import { BatchSource } from '@ganforge/core/data';
import { createOptimizers } from '@ganforge/core/optim';
import { evaluateGenerator } from '@ganforge/core/metrics';
import { seededContext } from '@ganforge/core/train';
import { decodeImage } from '@ganforge/core/image';
import { loadCheckpointNetworks, readCheckpoint, trainRun } from '@ganforge/core/node';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

/**
 * Asserts that every logged adjustment (adaInterval 1) moved p from 0 by sign(adaRt - target)·delta,
 * clamped to [0, 1]; returns the last p and how many steps raised it.
 */
function expectAdaSteps(lines, target, delta) {
  let p = 0;
  let rises = 0;
  for (const line of lines.filter((l) => 'adaP' in l)) { // srgan: none in MSE pre-training
    const next = Math.min(1, Math.max(0, p + Math.sign(line.adaRt - target) * delta));
    expect(line.adaP, `step ${line.step}`).toBeCloseTo(next, 12);
    if (next > p) rises++;
    p = next;
  }
  return { p, rises };
}

/**
 * The augmentation tests of a family (DiffAugment and ADA through its own train step), registered in
 * the calling file: a seeded run repeats exactly, differs from the unaugmented run, and 2 steps +
 * resume to 3 equal 3 straight (ADA's controller state included; each step moves p by
 * imagesPerStep / adaSpeedImages towards sign(r_t + 0.9), and p ends above 0); and on a D that overfits (the
 * `overfit` settings), every adjustment of p follows sign(r_t - 0.6) and p rises from 0.
 */
export function describeAugmentation({ name, harness, config, imagesPerStep, overfit }) {
  const diffaugment = { ...config, ...augmentDefaults, augment: 'diffaugment' };
  // p moves by imagesPerStep / adaSpeedImages = 0.1 a step, up while r_t exceeds -0.9.
  const ada = { ...config, ...augmentDefaults, augment: 'ada', adaInterval: 1, adaSpeedImages: 10 * imagesPerStep, adaTarget: -0.9 };
  const { run, checkpointBytes, log } = harness;
  describe(`${name} with augmentation`, () => {
    // 3 steps, resumed after 2: the resumed step runs from 2 steps' weights, moments and ADA p, as
    // the 5 steps resumed after 3 this ran did, at 12 wasm steps a mode instead of 20.
    it.each([
      ['diffaugment', diffaugment],
      ['ada', ada],
    ])('%s: a seeded run repeats exactly, differs from the unaugmented run, and 2 steps + resume to 3 equal 3 straight', async (mode, augmented) => {
      await run(`${mode}-a`, { config: augmented, steps: 3 });
      await run(`${mode}-b`, { config: augmented, steps: 3 });
      await run(`${mode}-plain`, { config, steps: 3 });
      const bytes = await checkpointBytes(`${mode}-a`);
      expect(await checkpointBytes(`${mode}-b`)).toEqual(bytes);
      expect((await log(`${mode}-b`)).map((l) => l.dLoss)).toEqual((await log(`${mode}-a`)).map((l) => l.dLoss));
      expect((await checkpointBytes(`${mode}-plain`)).discriminator).not.toEqual(bytes.discriminator);

      const resume = await harness.checkpointAt(`${mode}-resumed`, 2, { config: augmented });
      await run(`${mode}-resumed`, { config: augmented, resume, steps: 3 });
      expect(await checkpointBytes(`${mode}-resumed`)).toEqual(bytes);
      const straight = await log(`${mode}-a`);
      expect(await log(`${mode}-resumed`)).toEqual(straight.map((line) => ({ ...line, time: expect.any(String) })));
      const { meta } = await readCheckpoint(harness.path(`${mode}-a`));
      if (mode === 'ada') {
        const { p } = expectAdaSteps(straight, -0.9, 0.1);
        expect(p).toBeGreaterThan(0);
        expect(meta.ada).toEqual({ p: expect.closeTo(p, 12), signSum: 0, signCount: 0, images: 0 });
      } else {
        expect(meta.ada).toBeUndefined();
        expect(straight[0]).not.toHaveProperty('adaP');
      }
    });

    it('ADA: on a D that overfits, p rises from 0 and each adjustment follows sign(r_t - 0.6)', async () => {
      const speed = 25 * imagesPerStep;
      await run('ada-overfit', { config: { ...ada, adaTarget: 0.6, adaSpeedImages: speed, ...overfit.config }, steps: overfit.steps });
      const lines = await log('ada-overfit');
      const { p, rises } = expectAdaSteps(lines, 0.6, imagesPerStep / speed);
      expect(rises).toBeGreaterThan(lines.filter((l) => 'adaP' in l).length / 2);
      expect(p).toBeGreaterThan(0);
    });
  });
}

/** `count` seeded height x width images of uniform noise, labels i mod `classes` (none when 0). */
export function noiseDataset({ name = 'noise', count, height, width, channels, classes = 0, seed = 5 }) {
  let s = seed;
  const images = Uint8Array.from({ length: count * height * width * channels }, () => (s = (s * 1103515245 + 12345) >>> 0) >>> 24);
  const labels = Int32Array.from({ length: count }, (_, i) => (classes > 0 ? i % classes : 0));
  return { name, count, height, width, channels, images, labels, classNames: Array.from({ length: classes }, (_, k) => `c${k}`) };
}

/** Training data of a family's kind (images, labeled, superres; paired and unpaired as two datasets) of noise images. */
export function noiseTrainingData(kind, options) {
  const images = noiseDataset({ ...options, name: 'B' });
  if (kind !== 'paired' && kind !== 'unpaired') return { images };
  return { source: noiseDataset({ ...options, name: 'A', seed: 6 }), images, paired: kind === 'paired' };
}

/** The images a family makes from its inputs: generated from noise, translated, or upscaled (as [1, H, W, C]). Caller disposes. */
async function familyOutputs(architecture, nets, config, { height, width, channels }) {
  if (architecture.translate) {
    const images = tf.randomUniform([2, height, width, channels], -1, 1, 'float32', 3);
    const out = architecture.translate(nets, images, 'AtoB', config);
    images.dispose();
    return out;
  }
  if (architecture.upscale) {
    const { images: data } = noiseDataset({ count: 1, height, width, channels });
    const up = await architecture.upscale(nets.generator, { height, width, channels, data }, config);
    return tf.tensor4d(Float32Array.from(up.data), [1, up.height, up.width, up.channels]);
  }
  const latent = architecture.latent(config, 2, 3);
  const out = architecture.generate(nets.generator, latent, config);
  latent.dispose();
  return out;
}

/** Numbers of an evaluation: the family's evaluate hook, else D's accuracy on generated and real images (evaluateGenerator's d-acc). */
async function evaluationNumbers(architecture, nets, data, config) {
  if (architecture.evaluate) return Object.values(await architecture.evaluate(nets, data, config));
  const discriminate = architecture.discriminate
    ? (images, labels) => architecture.discriminate(nets, images, labels, config)
    : (images) => nets.discriminator.apply(images, { training: false });
  const { dAcc } = await evaluateGenerator({ architecture, config, generator: nets.generator, discriminate, real: data.images, metrics: ['d-acc'], samples: 4, seed: 1, batchSize: 4 });
  return [dAcc.real, dAcc.fake];
}

/**
 * The non-square image tests of a family that trains at a height that differs from the width
 * (`--size HxW`), registered in the calling file: fitted to height x width data (noise), the config
 * records the shape (imageShapeOf) and the family's outputs have it (`scale` times it for
 * super-resolution), leaking nothing; a seeded run trains, writes a sample grid whose cells have the
 * shape, and a checkpoint whose networks load again and give that shape; and the family's metrics
 * (its evaluate hook, else d-acc) are finite on the data.
 */
export function describeNonSquare({ architecture, config, height, width, channels = 1, classes = 0, count = 8, scale = 1 }) {
  const data = () => noiseTrainingData(architecture.data, { count, height, width, channels, classes });
  const fit = () => architecture.fitToData(config, { height, width, channels, numClasses: classes });
  describe(`${architecture.name} on ${height}x${width} images`, () => {
    const harness = trainingHarness({ architecture, config, data, dataSource: 'noise', steps: 2 });

    it('the fitted config records the shape, and the networks make images of it', async () => {
      const fitted = fit();
      expect(imageShapeOf(fitted)).toEqual({ height, width });
      const nets = architecture.build(fitted, 1);
      const before = tf.memory().numTensors;
      const out = await familyOutputs(architecture, nets, fitted, { height, width, channels });
      expect(out.shape.slice(1)).toEqual([height * scale, width * scale, channels]);
      out.dispose();
      expect(tf.memory().numTensors).toBe(before);
      Object.values(nets).forEach((net) => net.dispose());
    });

    it('trains, writes sample grids of the shape and a checkpoint that loads again; its metrics are finite', async () => {
      const fitted = fit();
      await harness.run('non-square', { config: fitted });
      for (const { dLoss, gLoss } of await harness.log('non-square')) expect(Number.isFinite(dLoss) && Number.isFinite(gLoss)).toBe(true);
      const samples = await readdir(harness.path('non-square', 'samples'));
      const grid = decodeImage(await readFile(harness.path('non-square', 'samples', samples[0])), samples[0]);
      // Cells of height x width (HR crops for super-resolution) with makeGrid's 2 pixels around each.
      expect([(grid.height - 2) % (height + 2), (grid.width - 2) % (width + 2)]).toEqual([0, 0]);
      const { dir, meta } = await readCheckpoint(harness.path('non-square'));
      expect(meta.data).toMatchObject({ height, width });
      expect(imageShapeOf(meta.config)).toEqual({ height, width });
      const nets = await loadCheckpointNetworks(dir, meta);
      const out = await familyOutputs(architecture, nets, meta.config, { height, width, channels });
      expect(out.shape.slice(1, 3)).toEqual([height * scale, width * scale]);
      out.dispose();
      for (const value of await evaluationNumbers(architecture, nets, data(), meta.config)) expect(Number.isFinite(value)).toBe(true);
      Object.values(nets).forEach((net) => net.dispose());
    });
  });
}

export { imageTolerance, lossTolerance, startWebGPU, webgpuFamilyChecks, weightTolerance } from './webgpu.js';
