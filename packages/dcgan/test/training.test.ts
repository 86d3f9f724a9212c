import { readdir } from 'node:fs/promises';
import type { TrainContext } from '@ganforge/core';
import { NonFiniteLossError } from '@ganforge/core/train';
import { readCheckpoint } from '@ganforge/core/node';
import { expectStepsLeakNothing, trainingHarness } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { dcgan, type DcganConfig } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

const harness = trainingHarness({ architecture: dcgan, config: tinyConfig, data: () => ({ images: tinyDataset() }), dataSource: 'squares' });
const { run, checkpointBytes } = harness;
const losses = (out: string) => harness.log<{ step: number; dLoss: number; gLoss: number }>(out);

describe('DCGAN training', () => {
  it('leaks no tensors across 3 training steps', async () => {
    await expectStepsLeakNothing({ architecture: dcgan, config: tinyConfig, data: { images: tinyDataset() }, metricKeys: ['dAccFake', 'dAccReal', 'dLoss', 'gLoss'] });
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
    const resume = await harness.checkpointAt('resumed', 3, { config });
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
    await harness.expectFiniteLosses(`loss-${loss}`, { config: { ...tinyConfig, loss, dSteps: 2 } });
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
