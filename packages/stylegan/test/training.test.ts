import * as tf from '@tensorflow/tfjs';
import { rngStreams } from '@ganforge/core/random';
import { readCheckpoint } from '@ganforge/core/node';
import { stepContexts, trainingHarness } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { mapping, stylegan, truncation } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

const harness = trainingHarness({ architecture: stylegan, config: tinyConfig, data: () => ({ images: tinyDataset() }), dataSource: 'squares', seed: 13 });
const { run, checkpointBytes } = harness;

type LogLine = { step: number; dLoss: number; gLoss: number; r1?: number; dAccReal: number; dAccFake: number };
const log = (out: string) => harness.log<LogLine>(out);

describe('StyleGAN training', () => {
  it('steps (with lazy R1 on even steps) leak no tensors and track the mean w', async () => {
    const config = { ...tinyConfig, wAvgBeta: 0.9 };
    const nets = stylegan.build(config, 1);
    const { optimizers, ctx } = stepContexts(config, nets, { images: tinyDataset() });
    // The first G pass maps z of (gNoise, step 0) before G changes: w̄ = 0.9·0 + 0.1·mean(w).
    const z = ctx(0).normal([4, 8], rngStreams.gNoise, 0) as tf.Tensor2D;
    const expected = tf.tidy(() => tf.mul(tf.mean(mapping(nets.generator, config, z), 0), 0.1));
    const before = tf.memory().numTensors;
    const keys: string[][] = [];
    for (let step = 0; step < 3; step++) {
      keys.push(Object.keys(await stylegan.trainStep(ctx(step))).sort());
      if (step === 0) {
        const average = Array.from(await truncation(nets.generator).average.data());
        Array.from(await expected.data()).forEach((v, i) => expect(average[i]).toBeCloseTo(v, 5));
      }
    }
    expect(keys).toEqual([
      ['dAccFake', 'dAccReal', 'dLoss', 'gLoss', 'r1'],
      ['dAccFake', 'dAccReal', 'dLoss', 'gLoss'],
      ['dAccFake', 'dAccReal', 'dLoss', 'gLoss', 'r1'],
    ]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, expected]);
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    nets.generator.dispose();
    nets.discriminator.dispose();
  });

  it('3 steps, then resume to 5, equals 5 steps straight (EMA, style mixing, noise, R1)', async () => {
    const config = { ...tinyConfig, ema: 0.9 };
    await run('straight', { config });
    await run('resumed', { config, steps: 3 });
    const resume = await readCheckpoint(harness.path('resumed'));
    await run('resumed', { config, resume });
    const resumed = await checkpointBytes('resumed');
    expect(Object.keys(resumed)).toContain('generator-ema');
    expect(resumed).toEqual(await checkpointBytes('straight'));
    const lines = await log('resumed');
    expect(lines.map((l) => l.r1 !== undefined)).toEqual([true, false, true, false, true]);
  });

  it('D learns to tell real from fake when only it trains', async () => {
    await run('d-only', { config: { ...tinyConfig, lrG: 1e-12, r1Gamma: 0.1 }, steps: 20 });
    const lines = await log('d-only');
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const first = mean(lines.slice(0, 5).map((l) => l.dLoss));
    const last = mean(lines.slice(-5).map((l) => l.dLoss));
    expect(last).toBeLessThan(first * 0.8);
  });
});
