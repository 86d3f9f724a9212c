// The training-test scaffolding every family's test/training.test.ts shares: the wasm backend and a
// scratch folder for the file's tests, a seeded trainRun into that folder, the checkpoint's bytes,
// the metrics log, and seeded step contexts over a batch source; and the network-test checks of
// seeded weights and save/load round trips.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adaStateFor, BatchSource, createOptimizers, initBackend, seededContext } from '@ganforge/core';
import { trainRun } from '@ganforge/core/node';
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
  return {
    get backend() {
      return state.backend;
    },
    path,
    run: (out, overrides = {}) =>
      trainRun({ architecture, config, data: data(), dataSource, steps, seed, out: path(out), sampleEvery: 0, checkpointEvery: 0, backend: state.backend, ...overrides }),
    async checkpointBytes(out) {
      const dir = path(out, 'checkpoint');
      const files = {};
      for (const net of await readdir(join(dir, 'networks'))) files[net] = (await readFile(join(dir, 'networks', net, 'weights.bin'))).toString('base64');
      for (const opt of ['generator', 'discriminator']) files[`opt-${opt}`] = (await readFile(join(dir, 'optimizers', `${opt}.bin`))).toString('base64');
      return files;
    },
    log: async (out) => (await readFile(path(out, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line)),
  };
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
