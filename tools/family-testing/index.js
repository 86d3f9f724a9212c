// The training-test scaffolding every family's test/training.test.ts shares: the wasm backend and a
// scratch folder for the file's tests, a seeded trainRun into that folder, the checkpoint's bytes,
// the metrics log, and seeded step contexts over a batch source.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchSource, createOptimizers, initBackend, seededContext } from '@ganforge/core';
import { trainRun } from '@ganforge/core/node';
import { afterAll, beforeAll } from 'vitest';

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
  return { optimizers, ctx: (step) => seededContext({ config, nets, optimizers, step, nextBatch: () => batches.batch(drawn++) }, seed) };
}
