import { readFile, readdir } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { decodeImage } from '@ganforge/core/image';
import { readCheckpoint } from '@ganforge/core/node';
import { expectStepsLeakNothing, trainingHarness } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { evaluateToy, evaluateToyRejection, instanceNoiseAt, toy } from '../src/index.js';
import { syntheticData, tinyConfig } from './fixtures.js';

const harness = trainingHarness({ architecture: toy, config: tinyConfig, data: () => syntheticData(), dataSource: 'synthetic' });
const { run, checkpointBytes } = harness;

const losses = (out: string) => harness.log<{ step: number; dLoss: number; gLoss: number }>(out);

describe('toy training', () => {
  it('draws its own real points (never nextBatch) and leaks no tensors across 3 steps', async () => {
    const nextBatch = () => {
      throw new Error('a synthetic family must not read the data loader');
    };
    await expectStepsLeakNothing({ architecture: toy, config: tinyConfig, nextBatch, metricKeys: ['dAccFake', 'dAccReal', 'dLoss', 'gLoss'] });
  });

  it('a seeded run repeats exactly; 3 steps then resume to 5 equals 5 straight (with EMA)', async () => {
    const config = { ...tinyConfig, ema: 0.9 };
    await run('a', { config });
    await run('b', { config });
    expect(await checkpointBytes('b')).toEqual(await checkpointBytes('a'));
    await run('resumed', { config, steps: 3 });
    await run('resumed', { config, resume: await readCheckpoint(harness.path('resumed')) });
    expect(await checkpointBytes('resumed')).toEqual(await checkpointBytes('a'));
    expect((await losses('resumed')).map((l) => l.dLoss)).toEqual((await losses('a')).map((l) => l.dLoss));
    await run('c', { config, seed: 12 });
    expect((await checkpointBytes('c')).generator).not.toEqual((await checkpointBytes('a')).generator);
  });

  it('instance noise falls linearly to 0, changes the step while it lasts, and a resumed run repeats it', async () => {
    const config = { ...tinyConfig, instanceNoise: 0.5, instanceNoiseSteps: 4 };
    expect([0, 1, 2, 4, 9].map((step) => instanceNoiseAt(config, step))).toEqual([0.5, 0.375, 0.25, 0, 0]);
    expect(instanceNoiseAt({ ...config, instanceNoiseSteps: 0 }, 9)).toBe(0.5);
    await run('noisy', { config });
    await run('noisy-resumed', { config, steps: 2 });
    await run('noisy-resumed', { config, resume: await readCheckpoint(harness.path('noisy-resumed')) });
    expect(await checkpointBytes('noisy-resumed')).toEqual(await checkpointBytes('noisy'));
    await run('plain', { steps: 1 });
    const [noisy, plain] = [await losses('noisy'), await losses('plain')];
    expect(noisy[0]!.dLoss).not.toBe(plain[0]!.dLoss); // same seed and points; only the noise differs
  });

  it('writes the scatter plot as the run\'s sample grid', async () => {
    await run('grid', { steps: 2, sampleEvery: 1 });
    expect((await readdir(harness.path('grid', 'samples'))).sort()).toEqual(['step-000001.png', 'step-000002.png']);
    const png = decodeImage(await readFile(harness.path('grid', 'samples', 'step-000002.png')), 'step-000002.png');
    expect([png.width, png.height]).toEqual([404, 404]); // 400 px plot in the grid's 2 px frame
  });

  it('D loss falls when only D learns; then G loss falls when only G learns', async () => {
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const ends = (l: { dLoss: number; gLoss: number }[], key: 'dLoss' | 'gLoss'): [number, number] => [mean(l.slice(0, 5).map((x) => x[key])), mean(l.slice(-5).map((x) => x[key]))];
    await run('alternate', { steps: 40, config: { ...tinyConfig, lrG: 1e-12, lrD: 3e-3 } });
    const [dFirst, dLast] = ends(await losses('alternate'), 'dLoss');
    expect(dLast).toBeLessThan(dFirst * 0.75);
    const resume = await readCheckpoint(harness.path('alternate'));
    await run('alternate', { steps: 80, resume, config: { ...tinyConfig, lrG: 3e-3, lrD: 1e-12 } });
    const [gFirst, gLast] = ends((await losses('alternate')).slice(40), 'gLoss');
    expect(gLast).toBeLessThan(gFirst * 0.75);
  });

  it.each([
    ['minimax', false],
    ['wasserstein', false],
    ['hinge', true],
    ['least-squares', false],
  ] as const)('trains with the %s loss (spectral norm %s, 2 D steps per G step)', async (loss, spectral) => {
    await harness.expectFiniteLosses(`loss-${loss}`, { config: { ...tinyConfig, loss, spectralNorm: spectral, dSteps: 2 } });
  });

  it('evaluates a generator with the papers\' figures', async () => {
    const nets = toy.build(tinyConfig, 2);
    const before = tf.memory().numTensors;
    const figures = await toy.evaluate!(nets, syntheticData(), tinyConfig);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(figures).sort()).toEqual(['drsAcceptance', 'drsHighQuality', 'drsModes', 'drsReverseKl', 'highQuality', 'modes', 'modesTotal', 'precision', 'recall', 'reverseKl']);
    expect(figures.modesTotal).toBe(25);
    // An untrained G (N(0, 0.02) weights) puts every point next to the origin: one mode, fully collapsed,
    // so it covers almost none of the real points (recall) while they all lie in a real mode (precision).
    expect(figures.modes).toBe(1);
    expect(figures.highQuality).toBe(1);
    expect(figures.recall).toBeLessThan(0.1);
    expect(figures.precision).toBeGreaterThan(0.9);
    expect(figures.reverseKl).toBeCloseTo(Math.log(25), 6);
    expect(figures.drsModes).toBe(1); // rejection can only keep what G makes
    expect(figures.drsAcceptance).toBeGreaterThan(0);
    expect(figures.drsAcceptance).toBeLessThan(1);
    const hinge = await toy.evaluate!(nets, syntheticData(), { ...tinyConfig, loss: 'hinge' });
    expect(Object.keys(hinge).sort()).toEqual(['highQuality', 'modes', 'modesTotal', 'precision', 'recall', 'reverseKl']); // no density ratio to sample with
    // A G spread over the grid covers much of it.
    const spread = toy.build({ ...tinyConfig, init: 'he', coordinateScale: 4 }, 3);
    expect((await toy.evaluate!(spread, syntheticData(), { ...tinyConfig, loss: 'hinge' })).recall).toBeGreaterThan(0.2);
    spread.generator.dispose();
    spread.discriminator.dispose();
    nets.generator.dispose();
    nets.discriminator.dispose();
  });

  it('the periodic evaluation of a collapsed G flags mode collapse in metrics.jsonl and warns once per evaluation', async () => {
    const warnings: string[] = [];
    const evaluate = (nets: Parameters<NonNullable<typeof toy.evaluate>>[0]) => toy.evaluate!(nets, syntheticData(), { ...tinyConfig, loss: 'hinge' });
    await run('collapsed', { steps: 2, evaluateEvery: 1, evaluate, onWarning: (line: string) => warnings.push(line) });
    const lines = await harness.log<{ step: number; modeCollapse?: boolean; evaluation: { recall: number } }>('collapsed');
    expect(lines.map((line) => line.modeCollapse)).toEqual([true, true]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^mode collapse at step 1: recall 0\.\d{3} under 0\.1, so the samples cover little of the real data/);
    // Spread over the grid, the same run has no flag.
    await run('spread', { steps: 1, evaluateEvery: 1, evaluate, config: { ...tinyConfig, init: 'he' as const, coordinateScale: 4 }, onWarning: (line: string) => warnings.push(line) });
    expect((await harness.log<{ modeCollapse?: boolean }>('spread'))[0]!.modeCollapse).toBeUndefined();
    expect(warnings).toHaveLength(2);
  });

  it('rejection sampling keeps the packs D scores highest, the same for the same seed', async () => {
    const config = { ...tinyConfig, init: 'he' as const, coordinateScale: 4 }; // an untrained G spread over the grid
    const generator = toy.build(config, 3).generator;
    // A D whose logit is the sum of the pack's x coordinates: it believes the right of the grid real.
    const rightward = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2 * config.pack], units: 1 })] });
    rightward.setWeights([tf.tensor2d([1, 0, 1, 0], [4, 1]), tf.tensor1d([0])]);
    const before = tf.memory().numTensors;
    const plain = await evaluateToy(generator, config);
    const drs = await evaluateToyRejection(generator, rightward, config);
    expect(await evaluateToyRejection(generator, rightward, config)).toEqual(drs);
    expect(await evaluateToyRejection(generator, rightward, config, { seed: 1 })).not.toEqual(drs);
    expect(tf.memory().numTensors).toBe(before);
    // Kept points crowd into the right-hand modes: fewer modes, further from uniform.
    expect(drs.modes).toBeLessThan(plain.modes);
    expect(drs.reverseKl).toBeGreaterThan(plain.reverseKl + 0.2);
    expect(drs.acceptance).toBeGreaterThan(0);
    expect(drs.acceptance).toBeLessThan(0.5);
    generator.dispose();
    rightward.dispose();
  });
});
