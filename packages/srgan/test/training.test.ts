import * as tf from '@tensorflow/tfjs';
import type { RealBatch } from '@ganforge/core';
import { BatchSource } from '@ganforge/core/data';
import { createOptimizers } from '@ganforge/core/optim';
import { seededContext } from '@ganforge/core/train';
import { readCheckpoint, saveModel } from '@ganforge/core/node';
import { trainingHarness } from '@ganforge/family-testing';
import { afterAll, describe, expect, it } from 'vitest';
import { bicubicUpscale, contentLoss, contentNetwork, dihedralTransforms, disposeContentNetworks, gradientL1, lowResolution, sampleGrid, srgan } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

const harness = trainingHarness({ architecture: srgan, config: tinyConfig, data: () => ({ images: tinyDataset() }), dataSource: 'blobs', steps: 4, seed: 3 });
const { run, checkpointBytes } = harness;

const log = (out: string) => harness.log<Record<string, number>>(out);

describe('SRGAN training', () => {
  afterAll(() => disposeContentNetworks());

  it('leaks no tensors across pre-training and adversarial steps, reports each stage, and drops the rates in each stage', async () => {
    const config = { ...tinyConfig, flipRotate: true, pretrainLrDropStep: 1, lrDropStep: 3 };
    const nets = srgan.build(config, 1);
    const optimizers = createOptimizers(nets, config);
    const batches = new BatchSource({ images: tinyDataset() }, config.batchSize, 1);
    let drawn = 0;
    const before = tf.memory().numTensors;
    const metrics = [];
    const rates: number[] = [];
    for (let step = 0; step < 4; step++) {
      metrics.push(await srgan.trainStep(seededContext({ config, nets, optimizers, step, nextBatch: () => batches.batch(drawn++) }, 1)));
      rates.push(optimizers.generator.options.learningRate, optimizers.discriminator.options.learningRate);
    }
    // a tenth from pretrainLrDropStep to the end of pre-training (step 2), full again, a tenth from lrDropStep on
    expect(rates).toEqual([1e-3, 1e-3, 1e-3 * 0.1, 1e-3 * 0.1, 1e-3, 1e-3, 1e-3 * 0.1, 1e-3 * 0.1]);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(metrics[0]!).sort()).toEqual(['adversarial', 'content', 'dLoss', 'gLoss', 'mse']);
    expect(metrics[1]!.dLoss).toBe(0); // pre-training does not touch D
    expect(Object.keys(metrics[3]!).sort()).toEqual(['adversarial', 'content', 'dAccFake', 'dAccReal', 'dLoss', 'gLoss', 'mse']);
    expect(metrics[3]!.dLoss).toBeGreaterThan(0);
    expect(optimizers.discriminator.step).toBe(2);
    expect(optimizers.generator.step).toBe(4);
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    nets.generator.dispose();
    nets.discriminator.dispose();
  });

  it('MSE pre-training brings the pixel loss down on tiny data', async () => {
    await run('pretrain', { steps: 24, config: { ...tinyConfig, pretrainSteps: 24 } });
    const mse = (await log('pretrain')).map((l) => l.mse!);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(mse.slice(-6))).toBeLessThan(0.7 * mean(mse.slice(0, 6))); // seeded: 0.157 -> 0.084
  });

  it('a seeded run resumed at the stage switch equals a straight run, step for step', async () => {
    await run('straight', { steps: 4 });
    await run('resumed', { steps: 2 });
    const resume = await readCheckpoint(harness.path('resumed'));
    await run('resumed', { steps: 4, resume });
    expect(await checkpointBytes('resumed')).toEqual(await checkpointBytes('straight'));
    expect((await log('resumed')).map((l) => l.gLoss)).toEqual((await log('straight')).map((l) => l.gLoss));
    await run('other-seed', { steps: 4, seed: 4 });
    expect((await checkpointBytes('other-seed')).generator).not.toEqual((await checkpointBytes('straight')).generator);
  });

  it('flipRotate turns each crop by the symmetry its draws pick, by hand, and changes training only when on', async () => {
    const crops = tf.tensor4d([1, 2, 3, 4, 1, 2, 3, 4], [2, 2, 2, 1]); // twice [[1, 2], [3, 4]]
    const cases: [number[], number[]][] = [
      [[0.9, 0.9, 0.9], [1, 2, 3, 4]], // as it is
      [[0.1, 0.9, 0.9], [2, 1, 4, 3]], // left-right
      [[0.9, 0.1, 0.9], [3, 4, 1, 2]], // top-bottom
      [[0.9, 0.9, 0.1], [1, 3, 2, 4]], // rows <-> columns
      [[0.1, 0.9, 0.1], [2, 4, 1, 3]], // left-right, then rows <-> columns: 90° anticlockwise
    ];
    const before = tf.memory().numTensors;
    for (const [draws, expected] of cases) {
      const turned = dihedralTransforms(crops, [0.9, 0.9, 0.9, ...draws]);
      expect(Array.from(await turned.data())).toEqual([1, 2, 3, 4, ...expected]);
      turned.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    crops.dispose();
    expect(() => dihedralTransforms(tf.zeros([1, 2, 3, 1]), [0, 0, 0])).toThrow(/square crops, got 2x3/);

    await run('plain', { steps: 2 });
    await run('turned', { steps: 2, config: { ...tinyConfig, flipRotate: true } });
    await run('turned-again', { steps: 2, config: { ...tinyConfig, flipRotate: true } });
    expect((await checkpointBytes('turned')).generator).not.toEqual((await checkpointBytes('plain')).generator);
    expect(await checkpointBytes('turned-again')).toEqual(await checkpointBytes('turned'));
  });

  it('sample grid rows are bicubic | SR | HR', async () => {
    const nets = srgan.build(tinyConfig, 2);
    const batch: RealBatch = new BatchSource({ images: tinyDataset() }, 2, 0).batch(0);
    const { images, columns } = sampleGrid(nets, batch, tinyConfig);
    expect(columns).toBe(3);
    expect(images.shape).toEqual([6, 32, 32, 3]);
    const [bicubic, hr] = tf.tidy(() => {
      const b = bicubicUpscale(lowResolution(batch.images, 4), 4);
      return [tf.max(tf.abs(tf.sub(tf.gather(images, [0, 3]), b))), tf.max(tf.abs(tf.sub(tf.gather(images, [2, 5]), batch.images)))];
    });
    expect((await bicubic!.data())[0]).toBe(0);
    expect((await hr!.data())[0]).toBe(0);
    tf.dispose([images, bicubic!, hr!, batch.images, batch.labels]);
    nets.generator.dispose();
    nets.discriminator.dispose();
  });

  it('built-in content loss is pixel MSE + weight x image-gradient L1, by hand', async () => {
    // a = [[0, 1], [2, 3]], b = 0: MSE = 14/4; ∂x diffs 1, 1 -> 1; ∂y diffs 2, 2 -> 2; L1 = 3.
    const a = tf.tensor4d([0, 1, 2, 3], [1, 2, 2, 1]);
    const b = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    const g = gradientL1(a, b);
    const loss = contentLoss(undefined, a, b, { ...tinyConfig, gradientWeight: 0.5 });
    expect((await g.data())[0]).toBeCloseTo(3, 6);
    expect((await loss.data())[0]).toBeCloseTo(3.5 + 1.5, 6);
    tf.dispose([a, b, g, loss]);
  });

  it('trains with VGG19 features (random weights, as the bench)', async () => {
    const config = { ...tinyConfig, pretrainSteps: 0, perceptualWeights: 'random', batchSize: 2 };
    const nets = srgan.build(config, 1);
    const optimizers = createOptimizers(nets, config);
    const batches = new BatchSource({ images: tinyDataset() }, config.batchSize, 1);
    const metrics = await srgan.trainStep(seededContext({ config, nets, optimizers, step: 0, nextBatch: () => batches.batch(0) }, 1));
    expect(metrics.content).toBeGreaterThan(0);
    expect(metrics.content).not.toBeCloseTo(metrics.mse!, 3); // features, not pixels
    expect(Number.isFinite(metrics.gLoss)).toBe(true);
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    nets.generator.dispose();
    nets.discriminator.dispose();
  });

  it('loads a perceptual model from a folder, takes the named layer, and says what to do when it cannot', async () => {
    // A small stand-in for a converted VGG: conv layers under Keras' names, saved as model.json + weights.bin.
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ name: 'block1_conv1', inputShape: [null, null, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }));
    model.add(tf.layers.conv2d({ name: 'block1_conv2', filters: 2, kernelSize: 3, padding: 'same', activation: 'relu' }));
    const dir = harness.path('perceptual');
    await saveModel(model, dir);
    model.dispose();
    const config = { ...tinyConfig, perceptualWeights: dir, perceptualLayer: 'block1_conv1' };
    const loaded = await contentNetwork(config);
    expect(await contentNetwork(config)).toBe(loaded); // loaded once
    const [shape, loss] = tf.tidy(() => {
      const x = tf.randomUniform([1, 5, 5, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
      return [(loaded!.features as (x: tf.Tensor4D) => tf.Tensor)(x).shape, tf.keep(contentLoss(loaded, x, tf.zerosLike(x), config))];
    }) as [number[], tf.Scalar];
    expect(shape).toEqual([1, 5, 5, 4]);
    expect((await loss.data())[0]).toBeGreaterThan(0);
    loss.dispose();
    await expect(contentNetwork({ ...tinyConfig, perceptualWeights: harness.path('missing') })).rejects.toThrow(/cannot load the perceptual weights ".*missing".*tensorflowjs_converter/);
    await expect(contentNetwork({ ...tinyConfig, perceptualWeights: dir, perceptualLayer: 'block5_conv4' })).rejects.toThrow(/has no layer "block5_conv4"/);
  });

  it('evaluates PSNR/SSIM/sharpness on Y beside bicubic: bicubic is near-exact on a smooth ramp, an untrained G is worse', async () => {
    const size = 32;
    const ramp = new Uint8Array(size * size * 3);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) ramp.fill(Math.round(60 + 3 * x + 2 * y), (y * size + x) * 3, (y * size + x) * 3 + 3);
    const data = { images: { name: 'ramp', count: 1, height: size, width: size, channels: 3 as const, images: ramp, labels: new Int32Array(1), classNames: [] } };
    const nets = srgan.build(tinyConfig, 3);
    const before = tf.memory().numTensors;
    const metrics = await srgan.evaluate!(nets, data, tinyConfig);
    expect(tf.memory().numTensors).toBe(before);
    expect(metrics.bicubicPsnr).toBeGreaterThan(40);
    expect(metrics.bicubicSsim).toBeGreaterThan(0.99);
    expect(metrics.psnr).toBeLessThan(metrics.bicubicPsnr!);
    expect(metrics.psnrGain).toBeCloseTo(metrics.psnr! - metrics.bicubicPsnr!, 10);
    // the ramp's luma rises 219/255 · (3 + 2) 8-bit levels per pixel step, across plus down
    expect(metrics.hrSharpness).toBeCloseTo((219 / 255) * 5, 3);
    expect(Math.abs(metrics.bicubicSharpness! - metrics.hrSharpness!)).toBeLessThan(0.05 * metrics.hrSharpness!); // 8-bit LR rounding: 3%
    expect(metrics.sharpness).toBeGreaterThan(0);
    expect(metrics.images).toBe(1);
    nets.generator.dispose();
    nets.discriminator.dispose();
  });
});
