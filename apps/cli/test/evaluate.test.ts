// `ganforge evaluate` and `train --evaluate-every` on the built binary, as a user runs them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner, type Result } from './ganforge.js';

let root: string;

const ganforge = cliRunner(() => root);

const featureExtractor = 'ganforge MNIST classifier (penultimate, 128-d)';

describe('ganforge evaluate', () => {
  let train: Result;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-evaluate-'));
    // A tiny DCGAN on MNIST at 28 x 28, evaluated every 2 steps on 32 samples.
    train = await ganforge([
      'train', 'dcgan', '--preset', 'mnist', '--size', '28', '--steps', '2', '--batch', '8', '--out', 'run',
      '--sample-every', '0', '--checkpoint-every', '0', '--evaluate-every', '2', '--evaluate-samples', '32',
    ]);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('training logs an evaluation every N steps, naming its features', async () => {
    expect(train.stderr).not.toContain('ganforge:'); // progress bars go to stderr, errors start with ganforge:
    expect(train.code).toBe(0);
    expect(train.stdout).toContain(`features: ${featureExtractor}`);
    const lines = (await readFile(join(root, 'run', 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toHaveProperty('evaluation');
    const evaluation = lines[1]!.evaluation as Record<string, number | string>;
    expect(evaluation.features).toBe(featureExtractor);
    for (const key of ['fd', 'kid', 'precision', 'recall', 'dAccReal', 'dAccFake']) expect(Number.isFinite(evaluation[key])).toBe(true);
    expect(evaluation.fd).toBeGreaterThan(0);
  });

  it('prints a table and writes JSON that name the feature extractor, never as FID', async () => {
    const { code, stdout, stderr } = await ganforge(['evaluate', 'run', '--samples', '64', '--json', 'eval.json']);
    expect(stderr).not.toContain('ganforge:');
    expect(stderr).toMatch(/samples .* 64\/64 images/); // the generation progress bar
    expect(code).toBe(0);
    expect(stdout).toContain(`features: ${featureExtractor}`);
    expect(stdout).toMatch(/^Fréchet distance \(classifier features\)\s+\d+\.\d{3}$/m);
    expect(stdout).toMatch(/^kernel distance, KID \(classifier features\)\s+-?\d+\.\d{4} ± \d+\.\d{4}$/m);
    expect(stdout).toMatch(/^discriminator accuracy, held-out real \/ fake \/ mean\s+[\d.]+% \/ [\d.]+% \/ [\d.]+%$/m);
    expect(stdout).toContain('real: mnist/test, 1000 images | samples: 64 (seed 0)');

    const json = JSON.parse(await readFile(join(root, 'eval.json'), 'utf8'));
    expect(json).toMatchObject({
      architecture: 'dcgan',
      step: 2,
      network: 'generator',
      featureExtractor,
      classifier: { dataset: 'mnist', testCount: 1000 },
      real: { source: 'mnist/test', count: 1000 },
      samples: 64,
      seed: 0,
    });
    const { fd, kid, pr, 'd-acc': dAcc } = json.metrics;
    expect(Object.keys(json.metrics)).toEqual(['fd', 'kid', 'pr', 'd-acc']);
    expect(fd).toMatchObject({ title: 'Fréchet distance (classifier features)', realCount: 1000, fakeCount: 64 });
    expect(fd.value).toBeGreaterThan(0);
    expect(kid).toMatchObject({ subsets: 100, subsetSize: 32 });
    expect(pr).toMatchObject({ k: 3, count: 64 });
    for (const v of [pr.precision, pr.recall, dAcc.real, dAcc.fake]) expect(v >= 0 && v <= 1).toBe(true);
    expect(dAcc.count).toBe(64);
    // "FID" only ever appears to say that these are not FIDs.
    expect(JSON.stringify(json)).not.toMatch(/FID/i);
    expect(stdout.replace('no value here is an FID', '')).not.toMatch(/FID/);
  });

  it.each([
    [['--metrics', 'fd,fid'], /unknown metric "fid"; metrics: fd, kid, pr, class-acc, class-pr, d-acc/],
    [['--metrics', 'class-acc'], /class-acc needs a conditional architecture \(cgan\); dcgan samples no asked class/],
  ])('evaluate run %j fails with one clear line', async (args, message) => {
    const { code, stderr } = await ganforge(['evaluate', 'run', ...args]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a folder without a classifier says which datasets have one', async () => {
    const { code, stderr } = await ganforge(['evaluate', 'run', '--data', root]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/no ganforge classifier for data ".*"; classifiers exist for: mnist, fashion-mnist\. Pass --classifier <name>/);
  });
});
