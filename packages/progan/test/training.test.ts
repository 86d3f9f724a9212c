import * as tf from '@tensorflow/tfjs';
import { BatchSource } from '@ganforge/core/data';
import { createOptimizers } from '@ganforge/core/optim';
import { seededContext } from '@ganforge/core/train';
import { emaNetworkName } from '@ganforge/core/train';
import { loadCheckpointNetworks, readCheckpoint } from '@ganforge/core/node';
import { trainingHarness } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { progan, progressAt } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

const harness = trainingHarness({ architecture: progan, config: tinyConfig, data: () => ({ images: tinyDataset() }), dataSource: 'squares' });
const { run, checkpointBytes } = harness;

type LogLine = { step: number; dLoss: number; gLoss: number; phase: number; resolution: number; alpha: number; wDistance: number; gp: number };
const log = (out: string) => harness.log<LogLine>(out);

describe('ProGAN training', () => {
  it('grows through every phase (4x4 to a 16x16 fade-in) without leaking tensors', async () => {
    const config = { ...tinyConfig, batchSizes: { 4: 8 } }; // two loader batches per 4x4 step
    const nets = progan.build(config, 1);
    const optimizers = createOptimizers(nets, config);
    const batches = new BatchSource({ images: tinyDataset() }, config.batchSize, 1);
    let drawn = 0;
    const before = tf.memory().numTensors;
    const seen: number[][] = [];
    // Batch 8 at 4x4 makes that phase one step: 0 4x4, 1-2 fade-in of 8x8, 3-4 stable 8x8, 5-6 fade-in of 16x16.
    for (const step of [0, 1, 2, 3, 5, 6]) {
      const ctx = seededContext({ config, nets, optimizers, step, nextBatch: () => batches.batch(drawn++) }, 1);
      const metrics = await progan.trainStep(ctx);
      expect(Object.keys(metrics).sort()).toEqual(['alpha', 'dFake', 'dLoss', 'dReal', 'gLoss', 'gp', 'imagesSeen', 'phase', 'resolution', 'wDistance']);
      seen.push([metrics.phase!, metrics.resolution!, metrics.alpha!]);
    }
    expect(drawn).toBe(7); // 2 at 4x4, then 1 per step
    expect(seen).toEqual([[0, 4, 1], [1, 8, 0], [1, 8, 0.5], [2, 8, 1], [3, 16, 0], [3, 16, 0.5]]);
    expect(tf.memory().numTensors).toBe(before);
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    nets.generator.dispose();
    nets.discriminator.dispose();
  });

  it('3 steps, then resume mid-fade to 5, equals 5 steps straight (with EMA); the log shows phase and alpha', async () => {
    const config = { ...tinyConfig, ema: 0.9 };
    await run('straight', { config });
    const resume = await harness.checkpointAt('resumed', 3, { config });
    expect(progressAt(config, 3)).toMatchObject({ fading: true, alpha: 0.5 }); // the resumed run starts mid-fade
    await run('resumed', { config, resume });
    const resumed = await checkpointBytes('resumed');
    expect(Object.keys(resumed)).toContain('generator-ema');
    expect(resumed).toEqual(await checkpointBytes('straight'));
    const lines = await log('resumed');
    expect(lines.map((l) => [l.step, l.phase, l.resolution, l.alpha])).toEqual([[1, 0, 4, 1], [2, 0, 4, 1], [3, 1, 8, 0], [4, 1, 8, 0.5], [5, 2, 8, 1]]);
    expect((await log('straight')).map((l) => l.dLoss)).toEqual(lines.map((l) => l.dLoss));

    // The checkpoint's EMA generator renders at the level it was trained to: 8x8 upscaled to 16x16.
    const { dir, meta } = await readCheckpoint(harness.path('resumed'));
    const nets = await loadCheckpointNetworks(dir, { ...meta, networks: [emaNetworkName] });
    const z = progan.latent(config, 4, 1);
    const images = progan.generate(nets[emaNetworkName]!, z, config);
    expect(images.shape).toEqual([4, 16, 16, 1]);
    const pixels = Array.from(await images.data());
    const blocky = pixels.every((v, i) => {
      const [y, x] = [Math.floor(i / 16) % 16, i % 16];
      return v === pixels[i - (y % 2) * 16 - (x % 2)];
    });
    expect(blocky).toBe(true);
    tf.dispose([z, images]);
    nets[emaNetworkName]!.dispose();
  });

  it('the critic learns to separate real from fake when only it trains', async () => {
    const config = { ...tinyConfig, fixedLevel: 1, lrG: 1e-12 };
    await run('critic', { config, steps: 24 });
    const distance = (await log('critic')).map((l) => l.wDistance);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(distance.slice(-8))).toBeGreaterThan(mean(distance.slice(0, 8)) + 0.2);
  });
});
