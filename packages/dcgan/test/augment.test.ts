// DCGAN through core's training loop with DiffAugment and ADA (core's adversarialStep applies them):
// seeded runs repeat exactly, resume stays exact (ADA's p controller included), metrics.jsonl logs
// adaP and adaRt, and p rises on a D that is trained to tell the reals apart while G stands still.
import { augmentDefaults, type AugmentConfig } from '@ganforge/core/augment';
import { readCheckpoint } from '@ganforge/core/node';
import { trainingHarness } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { dcgan, type DcganConfig } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

type Config = DcganConfig & AugmentConfig;
const harness = trainingHarness({ architecture: dcgan, config: tinyConfig, data: () => ({ images: tinyDataset() }), dataSource: 'squares' });
const { run, checkpointBytes } = harness;
const log = (out: string) => harness.log<{ step: number; dLoss: number; adaP?: number; adaRt?: number }>(out);

const diffaugment: Config = { ...tinyConfig, ...augmentDefaults, augment: 'diffaugment' };
// p moves by 8/80 = 0.1 per step's adjustment, so it is well above 0 within the 5 steps.
const ada: Config = { ...tinyConfig, ...augmentDefaults, augment: 'ada', adaInterval: 1, adaSpeedImages: 80, adaTarget: -0.9 };

describe('DCGAN with augmentation', () => {
  it.each([
    ['diffaugment', diffaugment],
    ['ada', ada],
  ] as const)('%s: a seeded run repeats exactly, differs from the unaugmented run, and 3 steps + resume to 5 equal 5 straight', async (name, config) => {
    await run(`${name}-a`, { config });
    await run(`${name}-b`, { config });
    await run(`${name}-plain`);
    expect(await checkpointBytes(`${name}-b`)).toEqual(await checkpointBytes(`${name}-a`));
    expect((await log(`${name}-b`)).map((l) => l.dLoss)).toEqual((await log(`${name}-a`)).map((l) => l.dLoss));
    expect((await checkpointBytes(`${name}-plain`)).discriminator).not.toEqual((await checkpointBytes(`${name}-a`)).discriminator);

    await run(`${name}-resumed`, { config, steps: 3 });
    const resume = await readCheckpoint(harness.path(`${name}-resumed`));
    await run(`${name}-resumed`, { config, resume });
    expect(await checkpointBytes(`${name}-resumed`)).toEqual(await checkpointBytes(`${name}-a`));
    expect(await log(`${name}-resumed`)).toEqual((await log(`${name}-a`)).map((line, i) => ({ ...line, time: expect.any(String) as string, step: i + 1 })));
    const { meta } = await readCheckpoint(harness.path(`${name}-a`));
    if (name === 'ada') {
      expect(resume.meta.ada!.p).toBeCloseTo(0.3, 12); // r_t > -0.9 on every step: p rises 0.1 a step
      expect(meta.ada).toEqual({ p: expect.closeTo(0.5, 12) as number, signSum: 0, signCount: 0, images: 0 });
      expect((await log(`${name}-a`)).map((l) => l.adaP)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5].map((p) => expect.closeTo(p, 12)));
    } else {
      expect(meta.ada).toBeUndefined();
      expect((await log(`${name}-a`))[0]).not.toHaveProperty('adaP');
    }
  });

  it('ADA: p rises from 0 while D learns to tell the reals apart (G frozen), and each adjustment follows sign(r_t - 0.6)', async () => {
    const config: Config = { ...ada, adaTarget: 0.6, adaInterval: 2, adaSpeedImages: 400, lrG: 1e-12, lrD: 2e-3 };
    await run('ada-overfit', { config, steps: 40 });
    const lines = await log('ada-overfit');
    // Every 2nd step p moves by 16 reals / 400 = 0.04 towards sign(r_t - 0.6), r_t over those 2 steps.
    let rises = 0;
    for (let i = 1; i < lines.length; i++) {
      const [before, after] = [lines[i - 1]!.adaP!, lines[i]!.adaP!];
      const move = lines[i]!.step % 2 === 0 ? Math.sign(lines[i]!.adaRt! - 0.6) * 0.04 : 0;
      expect(after, `step ${lines[i]!.step}`).toBeCloseTo(Math.min(1, Math.max(0, before + move)), 12);
      if (after > before) rises++;
    }
    expect(lines[0]!.adaP).toBe(0);
    expect(rises).toBeGreaterThan(10); // D is sure of the reals (r_t > 0.6) most of the time
    expect(lines.at(-1)!.adaP!).toBeGreaterThan(0.3);
  });
});
