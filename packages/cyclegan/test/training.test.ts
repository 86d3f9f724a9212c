import * as tf from '@tensorflow/tfjs';
import { BatchSource } from '@ganforge/core/data';
import { readCheckpoint } from '@ganforge/core/node';
import { stepContexts, trainingHarness } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { cyclegan } from '../src/index.js';
import { tinyConfig, tinyDomains } from './fixtures.js';

const harness = trainingHarness({ architecture: cyclegan, config: tinyConfig, data: () => tinyDomains(), dataSource: 'tiny domains', steps: 3 });
const { run, checkpointBytes } = harness;

type Logged = { step: number; dLoss: number; gLoss: number; gCycle: number; gIdentity: number };
const log = (out: string) => harness.log<Logged>(out);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const tensor = (d: { images: Uint8Array; count: number; height: number; width: number; channels: number }) =>
  tf.tensor4d(Float32Array.from(d.images, (v) => v / 127.5 - 1), [d.count, d.height, d.width, d.channels]);

describe('CycleGAN training', () => {
  it('leaks no tensors across 2 steps, updates both generators with one Adam and both Ds with the other', async () => {
    const nets = cyclegan.build(tinyConfig, 1);
    const { optimizers, ctx } = stepContexts(tinyConfig, nets, tinyDomains());
    const count = (m: tf.LayersModel) => m.trainableWeights.length;
    expect(optimizers.generator.variables).toHaveLength(count(nets.generator) + count(nets.generatorBA!));
    expect(optimizers.discriminator.variables).toHaveLength(count(nets.discriminator) + count(nets.discriminatorA!));
    const before = tf.memory().numTensors;
    for (let step = 0; step < 2; step++) {
      const m = await cyclegan.trainStep(ctx(step));
      expect(Object.keys(m).sort()).toEqual(['dAccFake', 'dAccReal', 'dLoss', 'gCycle', 'gGan', 'gIdentity', 'gLoss', 'lrFactor']);
      expect(m.gLoss).toBeCloseTo(m.gGan! + 10 * m.gCycle! + 5 * m.gIdentity!, 3);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(await nets.pool!.getLayer('filled').getWeights()[0]!.data())).toEqual([3, 3]); // pools of 3, batch 2: full after 2 steps
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    Object.values(nets).forEach((n) => n.dispose());
  });

  it('cycle and identity losses fall over 16 steps on a tiny set', async () => {
    await run('learn', { steps: 16, config: { ...tinyConfig, batchSize: 1, lrG: 3e-3, lrD: 3e-3 } });
    const logged = await log('learn');
    expect(mean(logged.slice(-4).map((l) => l.gCycle))).toBeLessThan(0.8 * mean(logged.slice(0, 4).map((l) => l.gCycle)));
    expect(mean(logged.slice(-4).map((l) => l.gIdentity))).toBeLessThan(0.8 * mean(logged.slice(0, 4).map((l) => l.gIdentity)));
  });

  it('2 steps, then resume to 3, equals 3 steps straight, byte for byte, history pools included (they swap at step 3)', async () => {
    await run('straight');
    await run('resumed', { steps: 2 });
    await run('resumed', { resume: await readCheckpoint(harness.path('resumed')) });
    const straight = await checkpointBytes('straight');
    expect(Object.keys(straight).sort()).toEqual(['discriminator', 'discriminatorA', 'generator', 'generatorBA', 'opt-discriminator', 'opt-generator', 'pool']);
    expect(await checkpointBytes('resumed')).toEqual(straight);
    expect((await log('resumed')).map((l) => l.dLoss)).toEqual((await log('straight')).map((l) => l.dLoss));
  });

  it('sample grid rows: A | G(A) | F(G(A)), then B | F(B) | G(F(B)); translate picks the generator by direction', async () => {
    const nets = cyclegan.build(tinyConfig, 3);
    const batch = new BatchSource(tinyDomains(), 2, 0).batch(0);
    const before = tf.memory().numTensors;
    const { images, columns } = cyclegan.sampleGrid!(nets, batch, tinyConfig);
    expect([images.shape, columns]).toEqual([[12, 16, 16, 3], 3]);
    const made: tf.Tensor[] = [images];
    const keep = <T extends tf.Tensor>(t: T) => (made.push(t), t);
    const values = async (t: tf.Tensor) => Array.from(await t.data());
    const cell = (k: number) => keep(tf.slice(images, [k, 0, 0, 0], [1, 16, 16, 3]) as tf.Tensor4D);
    const a1 = keep(tf.slice(batch.source!, [1, 0, 0, 0], [1, 16, 16, 3]) as tf.Tensor4D);
    const b0 = keep(tf.slice(batch.images, [0, 0, 0, 0], [1, 16, 16, 3]) as tf.Tensor4D);
    const gA = keep(cyclegan.translate!(nets, a1, 'AtoB', tinyConfig));
    expect(await values(cell(3))).toEqual(await values(a1));
    expect(await values(cell(4))).toEqual(await values(gA));
    expect(await values(cell(5))).toEqual(await values(keep(cyclegan.translate!(nets, gA, 'BtoA', tinyConfig))));
    expect(await values(cell(6))).toEqual(await values(b0));
    expect(await values(cell(7))).toEqual(await values(keep(cyclegan.translate!(nets, b0, 'BtoA', tinyConfig))));
    // A run trained BtoA: its `generator` maps B to A, so AtoB goes through generatorBA.
    const swapped = keep(cyclegan.translate!(nets, a1, 'AtoB', { ...tinyConfig, direction: 'BtoA' }));
    expect(await values(swapped)).toEqual(await values(keep(nets.generatorBA!.predict(a1) as tf.Tensor)));
    tf.dispose(made);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch.images, batch.labels, batch.source!]);
    Object.values(nets).forEach((n) => n.dispose());
  });

  it('evaluates cycle error, change and colour gap on both held-out domains beside the identity baseline', async () => {
    const nets = cyclegan.build(tinyConfig, 4);
    const data = tinyDomains(10);
    const before = tf.memory().numTensors;
    const metrics = await cyclegan.evaluate!(nets, data, tinyConfig);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(metrics).sort()).toEqual(['changeA', 'changeB', 'colourGapAB', 'colourGapABIdentity', 'colourGapBA', 'colourGapBAIdentity', 'cycleA', 'cycleB', 'imagesA', 'imagesB']);
    const [a, b] = [tensor(data.source), tensor(data.images)];
    const gA = cyclegan.translate!(nets, a, 'AtoB', tinyConfig);
    const fgA = cyclegan.translate!(nets, gA, 'BtoA', tinyConfig);
    const [cycle, change] = [tf.mean(tf.abs(tf.sub(fgA, a))), tf.mean(tf.abs(tf.sub(gA, a)))];
    expect(metrics.cycleA).toBeCloseTo((await cycle.data())[0]!, 4);
    expect(metrics.changeA).toBeCloseTo((await change.data())[0]!, 4);
    // Identity baseline by hand: per-channel mean and std of A against B.
    const moments = (t: tf.Tensor4D) => tf.moments(t, [0, 1, 2]);
    const [ma, mb] = [moments(a), moments(b)];
    const gap = tf.mean(tf.add(tf.abs(tf.sub(ma.mean, mb.mean)), tf.abs(tf.sub(tf.sqrt(ma.variance), tf.sqrt(mb.variance)))));
    expect(metrics.colourGapABIdentity).toBeCloseTo((await gap.data())[0]!, 4);
    tf.dispose([a, b, gA, fgA, cycle, change, ma.mean, ma.variance, mb.mean, mb.variance, gap]);
    Object.values(nets).forEach((n) => n.dispose());
  });
});
