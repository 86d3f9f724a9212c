import { readdir } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import type { TrainContext } from '@ganforge/core';
import { NonFiniteLossError, readCheckpoint } from '@ganforge/core/node';
import { stepContexts, trainingHarness } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { dcgan, type DcganConfig } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

const harness = trainingHarness({ architecture: dcgan, config: tinyConfig, data: () => ({ images: tinyDataset() }), dataSource: 'squares' });
const { run, checkpointBytes } = harness;
const losses = (out: string) => harness.log<{ step: number; dLoss: number; gLoss: number }>(out);

describe('DCGAN training', () => {
  it('leaks no tensors across 3 training steps', async () => {
    const nets = dcgan.build(tinyConfig, 1);
    const { optimizers, ctx } = stepContexts(tinyConfig, nets, { images: tinyDataset() });
    const before = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) {
      const metrics = await dcgan.trainStep(ctx(step));
      expect(Object.keys(metrics).sort()).toEqual(['dAccFake', 'dAccReal', 'dLoss', 'gLoss']);
    }
    expect(tf.memory().numTensors).toBe(before);
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    nets.generator.dispose();
    nets.discriminator.dispose();
  });

  it('a seeded run of 5 steps repeats exactly', async () => {
    await run('seeded-a');
    await run('seeded-b');
    expect(await checkpointBytes('seeded-b')).toEqual(await checkpointBytes('seeded-a'));
    expect((await losses('seeded-b')).map((l) => l.dLoss)).toEqual((await losses('seeded-a')).map((l) => l.dLoss));
    await run('seeded-c', { seed: 12 });
    expect((await checkpointBytes('seeded-c')).generator).not.toEqual((await checkpointBytes('seeded-a')).generator);
  });

  it('3 steps, then resume to 5, equals 5 steps straight (with EMA)', async () => {
    const config = { ...tinyConfig, ema: 0.9 };
    await run('straight', { config });
    await run('resumed', { config, steps: 3 });
    const resume = await readCheckpoint(harness.path('resumed'));
    expect(resume.meta.step).toBe(3);
    await run('resumed', { config, resume });
    const resumed = await checkpointBytes('resumed');
    expect(Object.keys(resumed)).toContain('generator-ema');
    expect(resumed).toEqual(await checkpointBytes('straight'));
    expect(await losses('resumed')).toHaveLength(5);
  });

  it('D loss falls and G loss rises when only D learns; then G loss falls when only G learns', async () => {
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const ends = (l: { dLoss: number; gLoss: number }[], key: 'dLoss' | 'gLoss'): [number, number] => [mean(l.slice(0, 10).map((x) => x[key])), mean(l.slice(-10).map((x) => x[key]))];
    await run('alternate', { steps: 50, config: { ...tinyConfig, lrG: 1e-12, lrD: 1e-3 } });
    const dOnly = await losses('alternate');
    const [dFirst, dLast] = ends(dOnly, 'dLoss');
    const [gFirst, gLast] = ends(dOnly, 'gLoss');
    expect(dLast).toBeLessThan(dFirst * 0.75);
    expect(gLast).toBeGreaterThan(gFirst + 0.05);
    // Against the discriminator it has learned, G alone now brings its loss down.
    const resume = await readCheckpoint(harness.path('alternate'));
    await run('alternate', { steps: 100, resume, config: { ...tinyConfig, lrG: 1e-3, lrD: 1e-12 } });
    const [gOnlyFirst, gOnlyLast] = ends((await losses('alternate')).slice(50), 'gLoss');
    expect(gOnlyLast).toBeLessThan(gOnlyFirst * 0.75);
  });

  it.each(['minimax', 'non-saturating', 'wasserstein', 'hinge', 'least-squares'] as const)('trains with the %s loss (2 D steps per G step)', async (loss) => {
    await run(`loss-${loss}`, { steps: 2, config: { ...tinyConfig, loss, dSteps: 2 } });
    const log = await losses(`loss-${loss}`);
    expect(log).toHaveLength(2);
    for (const { dLoss, gLoss } of log) expect(Number.isFinite(dLoss) && Number.isFinite(gLoss)).toBe(true);
  });

  it('stops with a clear error on a non-finite loss and keeps the last good checkpoint', async () => {
    const exploding = { ...dcgan, trainStep: async (ctx: TrainContext<DcganConfig>) => {
      const metrics = await dcgan.trainStep(ctx);
      return ctx.step === 3 ? { ...metrics, dLoss: Number.NaN } : metrics;
    } };
    const failing = run('nan', { architecture: exploding, steps: 6, checkpointEvery: 2 });
    await expect(failing).rejects.toThrow(NonFiniteLossError);
    await expect(failing).rejects.toThrow(/dLoss became NaN at step 4; the last good checkpoint is .*checkpoint/);
    const { meta } = await readCheckpoint(harness.path('nan'));
    expect(meta.step).toBe(2);
    expect((await readdir(harness.path('nan'))).filter((f) => f.startsWith('.checkpoint'))).toEqual([]);
  });
});
