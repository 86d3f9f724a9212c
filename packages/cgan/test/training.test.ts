import * as tf from '@tensorflow/tfjs';
import { orthogonalRegularization } from '@ganforge/core/losses';
import { readCheckpoint } from '@ganforge/core/node';
import { expectStepsLeakNothing, trainingHarness } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { cgan, orthogonalKernels } from '../src/index.js';
import { tinyBigGanConfig, tinyConfig, tinyDataset } from './fixtures.js';

const harness = trainingHarness({ architecture: cgan, config: tinyConfig, data: () => ({ images: tinyDataset() }), dataSource: 'shapes', steps: 4 });
const { run, checkpointBytes } = harness;

type Logged = { step: number; dLoss: number; gLoss: number };
const losses = (out: string) => harness.log<Logged>(out);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('cGAN training', () => {
  it.each([
    ['default', tinyConfig],
    ['every switch on', tinyBigGanConfig],
  ])('%s: leaks no tensors across 3 training steps', async (_name, config) => {
    // One step first builds the optimizer-free state of every layer.
    await expectStepsLeakNothing({ architecture: cgan, config, data: { images: tinyDataset() }, warmUp: 1, metricKeys: ['dAccFake', 'dAccReal', 'dLoss', 'gLoss'] });
  });

  it('a seeded run repeats exactly; another seed differs', async () => {
    await run('seeded-a', { config: tinyBigGanConfig });
    await run('seeded-b', { config: tinyBigGanConfig });
    expect(await checkpointBytes('seeded-b')).toEqual(await checkpointBytes('seeded-a'));
    expect((await losses('seeded-b')).map((l) => l.dLoss)).toEqual((await losses('seeded-a')).map((l) => l.dLoss));
    await run('seeded-c', { config: tinyBigGanConfig, seed: 12 });
    expect((await checkpointBytes('seeded-c')).generator).not.toEqual((await checkpointBytes('seeded-a')).generator);
  });

  it('2 steps, then resume to 4, equals 4 steps straight (spectral-norm u, dropout and EMA restored from the checkpoint)', async () => {
    const config = { ...tinyBigGanConfig, ema: 0.9 };
    await run('straight', { config });
    await run('resumed', { config, steps: 2 });
    const resume = await readCheckpoint(harness.path('resumed'));
    expect(resume.meta.step).toBe(2);
    expect(resume.meta.data.classNames).toEqual(['a', 'b', 'c']);
    await run('resumed', { config, resume });
    const resumed = await checkpointBytes('resumed');
    expect(Object.keys(resumed)).toContain('generator-ema');
    expect(resumed).toEqual(await checkpointBytes('straight'));
  });

  it('orthogonalReg adds β·R(G kernels) to the generator loss', async () => {
    const beta = 0.5;
    await run('ortho-off', { steps: 1 });
    await run('ortho-on', { steps: 1, config: { ...tinyConfig, orthogonalReg: beta } });
    const { generator, discriminator } = cgan.build(tinyConfig, 11);
    const penalty = tf.tidy(() => orthogonalRegularization(orthogonalKernels(generator)));
    const r = (await penalty.data())[0]!;
    expect(r).toBeGreaterThan(0);
    const [off] = await losses('ortho-off');
    const [on] = await losses('ortho-on');
    expect(on!.dLoss).toBe(off!.dLoss);
    expect(on!.gLoss - off!.gLoss).toBeCloseTo(beta * r, 4);
    tf.dispose([penalty]);
    generator.dispose();
    discriminator.dispose();
  });

  it('D loss falls when only D learns; then G loss falls when only G learns', async () => {
    const ends = (l: Logged[], key: 'dLoss' | 'gLoss'): [number, number] => [mean(l.slice(0, 8).map((x) => x[key])), mean(l.slice(-8).map((x) => x[key]))];
    await run('alternate', { steps: 30, config: { ...tinyConfig, lrG: 1e-12, lrD: 3e-3 } });
    const [dFirst, dLast] = ends(await losses('alternate'), 'dLoss');
    expect(dLast).toBeLessThan(dFirst * 0.75);
    const resume = await readCheckpoint(harness.path('alternate'));
    await run('alternate', { steps: 60, resume, config: { ...tinyConfig, lrG: 3e-3, lrD: 1e-12 } });
    const [gFirst, gLast] = ends((await losses('alternate')).slice(30), 'gLoss');
    expect(gLast).toBeLessThan(gFirst * 0.75);
  });
});
