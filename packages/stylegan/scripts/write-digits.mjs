#!/usr/bin/env node
/* global console */
// Writes a seeded, class-stratified subset of a built-in dataset as PNGs, one folder a class
// (<out>/<class>/<index>.png): the real digits whose projections give `edit --class-codes` its
// class means, e.g. 30 training digits a class for the projection table's edit row.
//
//   pnpm build && node packages/stylegan/scripts/write-digits.mjs --data mnist --split train --count 300 --out train-digits
//   options: --data mnist|fashion-mnist, --split train|test, --count 300, --seed 0, --out DIR (required)
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodePng } from '@ganforge/core/image';
import { loadBuiltinDataset } from '@ganforge/core/node';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: 'mnist' },
    split: { type: 'string', default: 'train' },
    count: { type: 'string', default: '300' },
    seed: { type: 'string', default: '0' },
    out: { type: 'string' },
  },
});
if (args.out === undefined) throw new Error('pass --out <folder>');
const dataset = await loadBuiltinDataset(args.data, args.split, { subset: { count: Number(args.count), seed: Number(args.seed) } });
const pixels = dataset.height * dataset.width * dataset.channels;
for (let i = 0; i < dataset.count; i++) {
  const folder = join(args.out, String(dataset.labels[i]));
  await mkdir(folder, { recursive: true });
  const image = { width: dataset.width, height: dataset.height, channels: dataset.channels, data: dataset.images.subarray(i * pixels, (i + 1) * pixels) };
  await writeFile(join(folder, `${String(i).padStart(4, '0')}.png`), encodePng(image));
}
console.log(`${dataset.count} images of ${dataset.name} in ${args.out}`);
