#!/usr/bin/env node
/* global process, console */
/**
 * Remakes the demo's shipped exports (apps/demo/public/models/<name>/): for each, trains the run
 * with `ganforge train` (or takes a finished run folder with --run name=folder), measures it with
 * `ganforge evaluate --json`, exports it with `ganforge export`, copies a few held-out example
 * inputs beside it and writes `demo.json`: family, preset, steps, training wall time (from the
 * run's metrics.jsonl) and the quality figures the panel headings show.
 *
 *   pnpm turbo run build --filter=@ganforge/cli...
 *   node apps/demo/scripts/remake-models.mjs                         # every export, training each run
 *   node apps/demo/scripts/remake-models.mjs --only pix2pix-edges2shapes
 *   node apps/demo/scripts/remake-models.mjs --run stylegan-mnist32=/work/gpu-runs/full.stylegan
 *
 * Runs go to --runs (default /tmp/runs/demo/<name>); a run folder that already has a checkpoint at
 * the export's steps is not trained again. GANFORGE_THREADS and GANFORGE_BACKEND pass through.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeImage, encodePng } from '@ganforge/core/image';

const demo = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(demo, '..', '..');
const cli = join(root, 'apps', 'cli', 'dist', 'bin.js');
const datasets = join(root, 'packages', 'datasets', 'data');
const srganImages = join(root, 'packages', 'srgan', 'images');

/** A figure from `ganforge evaluate --json`: label, value, baseline. */
const figure = (label, value, baseline, baselineLabel, unit) => ({ label, value, ...(baseline === undefined ? {} : { baseline, baselineLabel }), ...(unit ? { unit } : {}) });

/** The classifier-feature figures of a family that samples from noise. */
const noiseFigures = (json) => [
  figure(`Fréchet distance on ganforge's MNIST classifier features, ${json.samples} samples (lower is better; not an FID)`, json.metrics.fd.value),
  ...(json.metrics.pr ? [figure('precision: share of samples inside the real digits\' feature manifold', json.metrics.pr.precision), figure('recall', json.metrics.pr.recall)] : []),
];

/** An export of a family's `mnist32` preset trained 3000 steps, measured like every noise family. */
const mnist32Export = (family) => ({
  family,
  preset: 'mnist32',
  train: ['--preset', 'mnist32', '--steps', '3000'],
  steps: 3000,
  evaluate: ['--metrics', 'fd,pr', '--samples', '2000'],
  quality: noiseFigures,
});

/**
 * The shipped exports. `train`: arguments of `ganforge train` after the architecture; `steps`:
 * the steps trained; `evaluate`: extra arguments of `ganforge evaluate`; `quality(json)`: the
 * figures; `examples(out)`: writes example inputs into the export folder, returns their paths.
 */
const exportsTable = {
  'cgan-mnist': {
    family: 'cgan',
    preset: 'mnist',
    train: ['--preset', 'mnist', '--steps', '2000'],
    steps: 2000,
    evaluate: ['--metrics', 'fd,pr,class-acc,class-pr', '--samples', '2000'],
    quality: (json) => [
      figure('share of 2,000 EMA samples the shipped MNIST classifier reads as the class asked for', json.metrics['class-acc'].value),
      figure('precision / recall on that classifier\'s features: recall', json.metrics.pr.recall),
      figure('worst class recall (collapse inside a class shows here)', json.metrics['class-pr'].worstRecall),
      figure('precision', json.metrics.pr.precision),
    ],
  },
  'pix2pix-edges2shapes': {
    family: 'pix2pix',
    preset: 'edges2shapes',
    train: ['--preset', 'edges2shapes', '--steps', '700'],
    steps: 700,
    evaluate: [],
    quality: (json) => [
      figure('held-out L1 to the target shapes (lower is better)', json.metrics.l1, json.metrics.l1Identity, 'identity, output = input'),
      figure('held-out PSNR', json.metrics.psnr, json.metrics.psnrIdentity, 'identity', 'dB'),
    ],
    // The outline (A, left) halves of the first held-out pairs, at the model's 32x32.
    examples: (out) => writeCrops(join(datasets, 'edges2shapes', 'test'), ['0000.png', '0001.png', '0002.png', '0003.png', '0004.png'], out, 'sketch', 'left'),
  },
  'cyclegan-day2night': {
    family: 'cyclegan',
    preset: 'day2night',
    // 1500 + 1500 steps of decay (the preset's 3000 + 3000 took 27 min on 2 busy cores).
    train: ['--preset', 'day2night', '--steps', '3000', '--set', 'lrConstantSteps=1500', '--set', 'lrDecaySteps=1500'],
    steps: 3000,
    evaluate: [],
    quality: (json) => [
      figure('held-out colour gap of day -> night to real nights (lower is better)', json.metrics.colourGapAB, json.metrics.colourGapABIdentity, 'identity'),
      figure('cycle error day -> night -> day', json.metrics.cycleA),
      figure('held-out colour gap of night -> day to real days', json.metrics.colourGapBA, json.metrics.colourGapBAIdentity, 'identity'),
      figure('cycle error night -> day -> night', json.metrics.cycleB),
    ],
    examples: async (out) => [
      ...(await writeCrops(join(datasets, 'day2night', 'testA'), ['0000.png', '0001.png', '0002.png'], out, 'a', 'whole')),
      ...(await writeCrops(join(datasets, 'day2night', 'testB'), ['0000.png', '0001.png', '0002.png'], out, 'b', 'whole')),
    ],
  },
  'srgan-small': {
    family: 'srgan',
    preset: 'small',
    // The preset's MSE (SRResNet) stage only, shortened to 1000 steps with the lr drop at 700: the
    // preset's 3000 MSE + 600 SRGAN steps take over an hour on 2 busy cores, and its SRGAN stage
    // trades PSNR for sharpness (below bicubic's PSNR, packages/srgan/README.md).
    train: ['--preset', 'small', '--data', join(srganImages, 'train'), '--steps', '1000', '--set', 'pretrainLrDropStep=700'],
    steps: 1000,
    evaluate: ['--data', join(srganImages, 'test')],
    quality: (json) => [
      figure('held-out PSNR on luma', json.metrics.psnr, json.metrics.bicubicPsnr, 'bicubic', 'dB'),
      figure('SSIM', json.metrics.ssim, json.metrics.bicubicSsim, 'bicubic'),
    ],
    // Two held-out 128 px tiles (not trained on).
    examples: (out) => writeCrops(join(srganImages, 'test'), ['camera-1-1.png', 'chelsea-0-1.png'], out, 'test', 'whole'),
  },
  // StyleGAN and ProGAN: the preset's full 3000-step run (ProGAN's stopped at 1004 and resumed).
  'stylegan-mnist32': mnist32Export('stylegan'),
  'progan-mnist32': mnist32Export('progan'),
  'dcgan-mnist': {
    family: 'dcgan',
    preset: 'mnist',
    // The preset as it is (ngf = ndf = 64, no EMA): 2.5 MB, where the 1,500-step export shipped
    // before had ngf 32 (a script since removed).
    // Made in three pieces: the same command stopped at steps 1,544 and 2,558, each resumed with --resume.
    train: ['--preset', 'mnist', '--steps', '4000'],
    steps: 4000,
    evaluate: ['--metrics', 'fd,pr', '--samples', '2000'],
    quality: noiseFigures,
  },
};

/** Copies images (their left half, or whole) into `out`/examples as `<prefix>-<i>.png`; returns the relative paths. */
async function writeCrops(folder, files, out, prefix, part) {
  await mkdir(join(out, 'examples'), { recursive: true });
  const paths = [];
  for (const [i, file] of files.entries()) {
    const image = decodeImage(await readFile(join(folder, file)), file);
    let { width, data } = image;
    if (part === 'left') {
      const half = width / 2;
      const cropped = new Uint8Array(half * image.height * image.channels);
      for (let y = 0; y < image.height; y++) cropped.set(data.subarray((y * width) * image.channels, (y * width + half) * image.channels), y * half * image.channels);
      data = cropped;
      width = half;
    }
    const path = `examples/${prefix}-${i}.png`;
    await writeFile(join(out, path), encodePng({ width, height: image.height, channels: image.channels, data }));
    paths.push(path);
  }
  return paths;
}

const ganforge = (args, options = {}) => execFileSync(process.execPath, [cli, ...args], { stdio: options.quiet ? 'pipe' : 'inherit', encoding: 'utf8' });

/** Training wall time from the run's metrics.jsonl. */
async function trainedFor(run) {
  const lines = (await readFile(join(run, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line)).filter((row) => typeof row.time === 'string');
  // Sum of the gaps between logged steps, leaving out pauses over 2 min (a run stopped and resumed).
  let seconds = 0;
  for (let i = 1; i < lines.length; i++) {
    const gap = (Date.parse(lines[i].time) - Date.parse(lines[i - 1].time)) / 1000;
    if (gap >= 0 && gap < 120) seconds += gap;
  }
  const meta = JSON.parse(await readFile(join(run, 'checkpoint', 'checkpoint.json'), 'utf8'));
  const b = meta.backend;
  const backend = typeof b === 'string' ? b : b?.backend ? `${b.backend}${b.threads ? ` (${b.threads} thread${b.threads === 1 ? '' : 's'})` : ''}` : 'an unrecorded backend';
  const minutes = Math.floor(seconds / 60);
  return { text: `trained ${minutes} min ${Math.round(seconds - 60 * minutes)} s on ${backend}`, seconds, backend, step: meta.step };
}

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    run: { type: 'string', multiple: true, default: [] },
    runs: { type: 'string', default: '/tmp/runs/demo' },
    // Said after the training time, e.g. "2 CPU cores shared with 3 other runs".
    note: { type: 'string', default: `${cpus().length} CPU cores` },
    out: { type: 'string', default: join(demo, 'public', 'models') },
  },
});
const given = Object.fromEntries(values.run.map((pair) => pair.split('=')).map(([name, folder]) => [name, resolve(folder)]));
const names = values.only ? values.only.split(',') : Object.keys(exportsTable);
const unknown = names.find((name) => exportsTable[name] === undefined);
if (unknown !== undefined) {
  console.error(`remake-models: unknown export "${unknown}"; one of ${Object.keys(exportsTable).join(', ')}`);
  process.exit(2);
}
for (const name of names) {
  const spec = exportsTable[name];
  const run = given[name] ?? join(values.runs, name);
  const checkpoint = join(run, 'checkpoint', 'checkpoint.json');
  const out = join(values.out, name);
  const done = existsSync(checkpoint) && JSON.parse(await readFile(checkpoint, 'utf8')).step >= spec.steps;
  const command = `ganforge train ${spec.family} ${spec.train.map((a) => (a.startsWith('/') ? relative(root, a) : a)).join(' ')}`;
  if (given[name] === undefined && !done) {
    console.log(`== ${name}: ${command}`);
    ganforge(['train', spec.family, ...spec.train, '--out', run, '--sample-every', '0', '--checkpoint-every', String(Math.ceil(spec.steps / 4))]);
  }
  console.log(`== ${name}: evaluate ${run}`);
  // evaluate.json of the same step and arguments is reused (delete it to measure again).
  const jsonFile = join(run, 'evaluate.json');
  const previous = existsSync(jsonFile) ? JSON.parse(await readFile(jsonFile, 'utf8')) : undefined;
  const step = JSON.parse(await readFile(checkpoint, 'utf8')).step;
  if (previous?.step !== step || JSON.stringify(previous?.demoArgs) !== JSON.stringify(spec.evaluate)) {
    ganforge(['evaluate', run, ...spec.evaluate, '--json', jsonFile], { quiet: true });
    const fresh = JSON.parse(await readFile(jsonFile, 'utf8'));
    await writeFile(jsonFile, `${JSON.stringify({ ...fresh, demoArgs: spec.evaluate }, null, 2)}\n`);
  }
  const json = JSON.parse(await readFile(jsonFile, 'utf8'));
  await rm(out, { recursive: true, force: true });
  ganforge(['export', run, '--out', out], { quiet: true });
  const examples = spec.examples ? await spec.examples(out) : [];
  const trained = await trainedFor(run);
  const facts = {
    family: spec.family,
    preset: spec.preset,
    steps: trained.step,
    trained: `${trained.text}, ${values.note}`,
    trainSeconds: Math.round(trained.seconds),
    command: given[name] === undefined ? command : `a run made elsewhere (${relative(root, run) || run}); its preset's command: ${command}`,
    evaluated: `ganforge evaluate <run> ${spec.evaluate.map((a) => (a.startsWith('/') ? relative(root, a) : a)).join(' ')}`.trim(),
    evaluationBackend: json.backend?.name ?? json.backend?.backend ?? null,
    quality: spec.quality(json),
    ...(examples.length > 0 ? { examples } : {}),
    made: new Date().toISOString(),
  };
  await writeFile(join(out, 'demo.json'), `${JSON.stringify(facts, null, 2)}\n`);
  const bytes = await folderBytes(out);
  console.log(`== ${name}: ${(bytes / 1e6).toFixed(2)} MB, step ${trained.step}, ${trained.text}; ${facts.quality.map((q) => `${q.label}: ${q.value}${q.baseline === undefined ? '' : ` vs ${q.baseline}`}`).join('; ')}`);
}

async function folderBytes(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(path) : (await stat(path)).size;
  }
  return total;
}
