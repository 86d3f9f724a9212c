import * as tf from '@tensorflow/tfjs';
import type { createOptimizers } from '@ganforge/core/optim';
import type { Networks } from '@ganforge/core';
import { BatchSource } from '@ganforge/core/data';
import { ganCriterion, l1Loss, translationDiscriminatorLoss } from '@ganforge/core/losses';
import { linearDecayFactor, trainableVariables } from '@ganforge/core/optim';
import { readCheckpoint } from '@ganforge/core/node';
import { expectStepsLeakNothing, stepContexts, trainingHarness } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { pix2pix, type Pix2pixConfig } from '../src/index.js';
import { tinyConfig, tinyPairs } from './fixtures.js';

const harness = trainingHarness({ architecture: pix2pix, config: tinyConfig, data: () => tinyPairs(), dataSource: 'tiny pairs' });
const { run, checkpointBytes } = harness;

type Logged = { step: number; dLoss: number; gLoss: number; gL1: number; lrFactor: number };
const log = (out: string) => harness.log<Logged>(out);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/** A context over `data` for direct trainStep calls. */
const disposeAll = (nets: Networks, optimizers: ReturnType<typeof createOptimizers>) => {
  optimizers.generator.dispose();
  optimizers.discriminator.dispose();
  Object.values(nets).forEach((n) => n.dispose());
};

describe('pix2pix training', () => {
  it('leaks no tensors across 3 steps and reports its losses', async () => {
    await expectStepsLeakNothing({
      architecture: pix2pix,
      config: tinyConfig,
      data: tinyPairs(),
      metricKeys: ['dAccFake', 'dAccReal', 'dLoss', 'gGan', 'gL1', 'gLoss', 'lrFactor'],
      check: (metrics) => expect(metrics.gLoss).toBeCloseTo(metrics.gGan! + tinyConfig.lambdaL1 * metrics.gL1!, 3),
    });
  });

  it("one forward pass of G serves D's update and G's update, as two separate passes in the reference order would", async () => {
    // No jitter and no dropout (4 downs), so both ways see the same inputs and masks.
    const config: Pix2pixConfig = { ...tinyConfig, loadScale: 1, flip: false };
    const data = tinyPairs();
    const [netsA, netsB] = [pix2pix.build(config, 2), pix2pix.build(config, 2)];
    const a = stepContexts(config, netsA, data);
    const b = stepContexts(config, netsB, data);
    await pix2pix.trainStep(a.ctx(0));

    // The reference order written plainly: fake = G(A); D step on it; G step with a fresh G(A).
    const ctx = b.ctx(0);
    const { images: realB, source, labels } = ctx.nextBatch();
    const realA = source!;
    const { generator, discriminator } = netsB;
    const d = (x: tf.Tensor4D, y: tf.Tensor4D) => discriminator.apply(tf.concat([x, y], 3), { training: true }) as tf.Tensor;
    const fake = tf.tidy(() => generator.apply(realA, { training: true }) as tf.Tensor4D);
    const dStep = tf.variableGrads(() => translationDiscriminatorLoss('non-saturating', d(realA, realB), d(realA, fake)), trainableVariables(discriminator));
    b.optimizers.discriminator.apply(dStep.grads);
    const gStep = tf.variableGrads(() => {
      const again = generator.apply(realA, { training: true }) as tf.Tensor4D;
      return tf.add(ganCriterion('non-saturating', d(realA, again), true), tf.mul(config.lambdaL1, l1Loss(again, realB))) as tf.Scalar;
    }, trainableVariables(generator));
    b.optimizers.generator.apply(gStep.grads);
    tf.dispose([realA, realB, labels, fake, dStep.value, gStep.value, ...Object.values(dStep.grads), ...Object.values(gStep.grads)]);

    for (const name of ['generator', 'discriminator'] as const) {
      const [wa, wb] = [trainableVariables(netsA[name]), trainableVariables(netsB[name])];
      for (let i = 0; i < wa.length; i++) {
        const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(wa[i]!, wb[i]!))));
        expect((await diff.data())[0]).toBeLessThan(1e-6);
        diff.dispose();
      }
    }
    disposeAll(netsA, a.optimizers);
    disposeAll(netsB, b.optimizers);
  });

  it('G\'s L1 to the targets falls over 30 steps on a tiny set; D\'s loss falls when only D learns', async () => {
    await run('learn', { steps: 30, config: { ...tinyConfig, lrG: 1e-3, lrD: 1e-3 } });
    const learned = await log('learn');
    expect(mean(learned.slice(-5).map((l) => l.gL1))).toBeLessThan(0.7 * mean(learned.slice(0, 5).map((l) => l.gL1)));
    await run('d-only', { steps: 20, config: { ...tinyConfig, lrG: 1e-12, lrD: 1e-3 } });
    const dOnly = await log('d-only');
    expect(mean(dOnly.slice(-5).map((l) => l.dLoss))).toBeLessThan(0.75 * mean(dOnly.slice(0, 5).map((l) => l.dLoss)));
  });

  it('decays both learning rates linearly after lrConstantSteps', async () => {
    await run('decay', { steps: 6, config: { ...tinyConfig, lrConstantSteps: 2, lrDecaySteps: 3 } });
    expect((await log('decay')).map((l) => l.lrFactor)).toEqual([0, 1, 2, 3, 4, 5].map((t) => linearDecayFactor(t, 2, 3)));
  });

  it('2 steps, then resume to 4, equals 4 steps straight, byte for byte (jitter, flips and dropout included)', async () => {
    // 64x64, 6 downs: the decoder's level 5 has dropout. Any unseeded draw would break the equality.
    const config: Pix2pixConfig = { ...tinyConfig, imageSize: 64, ngf: 2, ndf: 2, batchSize: 2 };
    const options = { config, data: tinyPairs(6, 64), steps: 4 };
    await run('straight', options);
    await run('resumed', { ...options, steps: 2 });
    await run('resumed', { ...options, resume: await readCheckpoint(harness.path('resumed')) });
    const straight = await checkpointBytes('straight');
    expect(Object.keys(straight).sort()).toEqual(['discriminator', 'generator', 'opt-discriminator', 'opt-generator']);
    expect(await checkpointBytes('resumed')).toEqual(straight);
    expect((await log('resumed')).map((l) => l.gLoss)).toEqual((await log('straight')).map((l) => l.gLoss));
  });

  it('sample grid rows are input | output | target; translate refuses the direction it was not trained for', async () => {
    const nets = pix2pix.build(tinyConfig, 3);
    const batch = new BatchSource(tinyPairs(), 3, 0).batch(0);
    const before = tf.memory().numTensors;
    const { images, columns } = pix2pix.sampleGrid!(nets, batch, tinyConfig);
    expect([images.shape, columns]).toEqual([[9, 16, 16, 3], 3]);
    const cell = (k: number) => tf.slice(images, [k, 0, 0, 0], [1, 16, 16, 3]);
    const [input, target, output] = [cell(3), cell(5), cell(4)];
    const [expectedInput, expectedTarget] = [tf.slice(batch.source!, [1, 0, 0, 0], [1, 16, 16, 3]), tf.slice(batch.images, [1, 0, 0, 0], [1, 16, 16, 3])];
    expect(Array.from(await input.data())).toEqual(Array.from(await expectedInput.data()));
    expect(Array.from(await target.data())).toEqual(Array.from(await expectedTarget.data()));
    const translated = pix2pix.translate!(nets, expectedInput as tf.Tensor4D, 'AtoB', tinyConfig);
    expect(Array.from(await output.data())).toEqual(Array.from(await translated.data()));
    tf.dispose([images, input, target, output, expectedInput, expectedTarget, translated]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => pix2pix.translate!(nets, batch.source!, 'BtoA', tinyConfig)).toThrow(/trained AtoB and translates only that way.*--direction AtoB/);
    tf.dispose([batch.images, batch.labels, batch.source!]);
    Object.values(nets).forEach((n) => n.dispose());
  });

  it('evaluates L1, PSNR and SSIM on held-out pairs beside the output = input baseline', async () => {
    const nets = pix2pix.build(tinyConfig, 4);
    const data = tinyPairs(20);
    const before = tf.memory().numTensors;
    const metrics = await pix2pix.evaluate!(nets, data, tinyConfig);
    expect(tf.memory().numTensors).toBe(before);
    // The baseline by hand: mean |A - B| over all values, in [-1, 1].
    const { source, images } = data;
    let sum = 0;
    for (let i = 0; i < images.images.length; i++) sum += Math.abs(source!.images[i]! - images.images[i]!) / 127.5;
    expect(metrics.pairs).toBe(20);
    expect(metrics.l1Identity).toBeCloseTo(sum / images.images.length, 5);
    // The model's L1 from its own translations.
    const a = tf.tensor4d(Float32Array.from(source!.images, (v) => v / 127.5 - 1), [20, 16, 16, 3]);
    const b = tf.tensor4d(Float32Array.from(images.images, (v) => v / 127.5 - 1), [20, 16, 16, 3]);
    const fake = pix2pix.translate!(nets, a, 'AtoB', tinyConfig);
    const l1 = tf.tidy(() => tf.mean(tf.abs(tf.sub(fake, b))));
    expect(metrics.l1).toBeCloseTo((await l1.data())[0]!, 4);
    tf.dispose([a, b, fake, l1]);
    for (const key of ['psnr', 'psnrIdentity', 'ssim', 'ssimIdentity']) expect(Number.isFinite(metrics[key])).toBe(true);
    // Inputs equal to their targets: the baseline is perfect.
    const same = await pix2pix.evaluate!(nets, { source: data.images, images: data.images, paired: true }, tinyConfig);
    expect([same.l1Identity, same.psnrIdentity, same.ssimIdentity]).toEqual([0, Infinity, 1]);
    Object.values(nets).forEach((n) => n.dispose());
  });
});
