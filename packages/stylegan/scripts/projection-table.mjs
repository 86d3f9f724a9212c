#!/usr/bin/env node
/* global console, performance */
// The projection table of the README: over the first N held-out images of the run's built-in
// dataset (MNIST, Fashion-MNIST), a run's projection
// (mean PSNR, the shipped classifier's agreement between input and reconstruction, time per image)
// and, for StyleGAN runs, the share of projected digits whose class an edit along a class direction
// flips (digit a moved towards pairOf[a], the mean w of generated b minus that of generated a; with
// --class-codes, of the projected images in that folder, e.g. training digits, instead).
//
//   pnpm build && node packages/stylegan/scripts/projection-table.mjs --run runs/mnist32 --space w+ --count 200
//   options: --run DIR (required), --space w|w+|z, --count 200, --steps 1000, --restarts, --seed 0,
//            --batch 20, --strength 1.5 (edit; a list such as 1,1.5,2 measures each), --samples 1000
//            (generated samples labelled for directions), --class-codes DIR (codes of `ganforge project`)
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
import { resizeImage } from '@ganforge/core/image';
import { psnrPerImage } from '@ganforge/core/metrics';
import { builtinDatasets, loadBuiltinDataset, loadCheckpointNetworks, loadClassifier, readCheckpoint, readCodeFiles } from '@ganforge/core/node';
import { configHash, disposeCode, imageDistance, projectImages } from '@ganforge/core/project';
import { emaNetworkName } from '@ganforge/core/train';
import { directionFromCodes, directionFromSeeds, editCode, imagesOfCode, seedsByClass } from '@ganforge/stylegan';

const { values: args } = parseArgs({
  options: {
    run: { type: 'string' },
    space: { type: 'string' },
    count: { type: 'string', default: '200' },
    steps: { type: 'string', default: '1000' },
    restarts: { type: 'string' },
    seed: { type: 'string', default: '0' },
    batch: { type: 'string', default: '20' },
    strength: { type: 'string', default: '1.5' },
    samples: { type: 'string', default: '1000' },
    'class-codes': { type: 'string' },
    backend: { type: 'string' },
  },
});
if (args.run === undefined) throw new Error('pass --run <run folder>');
/** Each digit's edit target: similar shapes, and `edit --classes 1,7` both ways. */
const pairOf = [6, 7, 3, 8, 9, 6, 0, 1, 3, 4];

const backend = await initBackend({ backend: args.backend });
const { dir, meta } = await readCheckpoint(args.run);
// The family package: installed beside this script (a copy in an npm install, as tools/gpu-train
// runs it), else resolved from the CLI, which depends on every ganforge family.
const familyEntry = (name) => {
  try {
    return createRequire(import.meta.url).resolve(name);
  } catch {
    return createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'apps', 'cli', 'package.json')).resolve(name);
  }
};
const family = (await import(pathToFileURL(familyEntry(`@ganforge/${meta.architecture}`)).href))[meta.architecture];
const network = meta.networks.includes(emaNetworkName) ? emaNetworkName : 'generator';
const generator = (await loadCheckpointNetworks(dir, { ...meta, networks: [network] }))[network];
const config = meta.config;
const [, size, , channels] = generator.outputs[0].shape;

const count = Number(args.count);
const dataset = meta.data.source;
if (!builtinDatasets.includes(dataset)) throw new Error(`the run trained on "${dataset}"; this table needs a run of a built-in dataset (${builtinDatasets.join(', ')})`);
const test = await loadBuiltinDataset(dataset, 'test', { limit: count });
const pixels = Array.from({ length: count }, (_, i) => {
  const image = { width: 28, height: 28, channels: 1, data: test.images.subarray(i * 784, (i + 1) * 784) };
  return size === 28 && channels === 1 ? image : resizeImage(image, size, channels);
});
const classifier = await loadClassifier(dataset);
const distance = imageDistance({ classifier });
const space = args.space ?? family.projection.spaces[0];
const psnr = [];
let agree = 0;
const strengths = args.strength.split(',').map(Number);
const flipped = strengths.map(() => 0);
let edited = 0;
const directions = new Map();
const classify = (images) => classifier.predict(images);
const classCodes = args['class-codes'] === undefined ? undefined : await readCodeFiles([args['class-codes']], { architecture: meta.architecture, config: configHash(config) });
const direction = async (a, b) => {
  const key = `${a},${b}`;
  if (!directions.has(key)) {
    if (classCodes !== undefined) {
      directions.set(key, (await directionFromCodes(generator, config, classCodes, classify, [a, b])).direction);
    } else {
      const [seedsA, seedsB] = await seedsByClass(generator, config, classify, [a, b], { samples: Number(args.samples), first: 1_000_000 });
      directions.set(key, seedsA.length && seedsB.length ? directionFromSeeds(generator, config, seedsA, seedsB) : undefined);
    }
  }
  return directions.get(key);
};
const started = performance.now();
let projecting = 0;
for (let start = 0; start < count; start += Number(args.batch)) {
  const batch = pixels.slice(start, start + Number(args.batch));
  const targets = tf.tidy(() => tf.sub(tf.div(tf.stack(batch.map((p) => tf.tensor3d(p.data, [size, size, channels], 'float32'))), 127.5), 1));
  const t0 = performance.now();
  const result = await projectImages(family.projection, generator, config, targets, {
    space,
    steps: Number(args.steps),
    restarts: args.restarts === undefined ? undefined : Number(args.restarts),
    seed: Number(args.seed),
    distance,
  });
  projecting += performance.now() - t0;
  psnr.push(...(await psnrPerImage(result.images, targets, { maxValue: 2 }))); // on [-1, 1]
  const [input, output] = [await classifier.predict(targets), await classifier.predict(result.images)];
  input.forEach((c, i) => (agree += c === output[i] ? 1 : 0));
  if (meta.architecture === 'stylegan') {
    for (let i = 0; i < batch.length; i++) {
      const [a, b] = [input[i], pairOf[input[i]]];
      const d = await direction(a, b);
      if (d === undefined) continue;
      const row = Object.fromEntries(Object.entries(result.code).map(([n, t]) => [n, tf.slice(t, i, 1)]));
      for (const [k, strength] of strengths.entries()) {
        const path = editCode(row, d, 2, strength); // t = -s, +s: the second moves towards b
        const images = imagesOfCode(generator, config, path);
        const last = tf.slice(images, 1, 1);
        flipped[k] += (await classifier.predict(last))[0] === b ? 1 : 0;
        tf.dispose([last, images]);
        disposeCode(path);
      }
      edited += 1;
      disposeCode(row);
    }
  }
  disposeCode(result.code);
  tf.dispose([targets, result.images]);
  console.error(`${Math.min(count, start + batch.length)}/${count} images`);
}
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const row = {
  run: args.run,
  architecture: meta.architecture,
  step: meta.step,
  network,
  space,
  dataset,
  images: count,
  steps: Number(args.steps),
  psnr: Number(mean(psnr).toFixed(2)),
  agreement: Number((agree / count).toFixed(3)),
  secondsPerImage: Number((projecting / 1000 / count).toFixed(2)),
  editFlip: edited === 0 ? null : strengths.map((strength, k) => ({ strength, share: Number((flipped[k] / edited).toFixed(3)) })),
  edited,
  directions: classCodes === undefined ? `generated samples (${args.samples})` : `projected images in ${args['class-codes']} (${classCodes.w.shape[0]})`,
  distance: distance.description,
  backend: backend.backend,
  wallSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
};
console.log(JSON.stringify(row));
const flips = row.editFlip === null ? '-' : strengths.map((strength, k) => `${(100 * flipped[k] / edited).toFixed(1)}% at ±${strength}`).join(', ') + ` (of ${edited})`;
console.log(`| ${meta.architecture} ${space} | ${row.psnr} dB | ${(row.agreement * 100).toFixed(1)}% | ${row.secondsPerImage} s | ${flips} |`);
[...directions.values()].forEach((d) => d?.dispose());
if (classCodes !== undefined) disposeCode(classCodes);
classifier.dispose();
generator.dispose();
