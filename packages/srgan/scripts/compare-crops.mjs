#!/usr/bin/env node
/* global console, process */
// Crop comparison of two SRGAN runs on held-out images: one row per image, columns
// LR (nearest x4) | bicubic | first run (e.g. SRResNet/MSE) | second run (e.g. SRGAN) | HR,
// each the centre 64x64 of the 128px tile, shown 2x (nearest). Needs the built packages.
//   node packages/srgan/scripts/compare-crops.mjs <mse-run> <gan-run> <out.png> <image.png>...
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
import { decodeImage, encodePng, makeGrid } from '@ganforge/core/image';
import { loadModel } from '@ganforge/core/node';
import { bicubicUpscale, lowResolution, toChannels, upscaleImage } from '@ganforge/srgan';

const [mseRun, ganRun, out, ...files] = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: compare-crops.mjs <mse-run> <gan-run> <out.png> <image.png>...');
await initBackend({ backend: 'wasm' });

const load = async (run) => ({
  generator: await loadModel(join(run, 'checkpoint', 'networks', 'generator')),
  config: JSON.parse(readFileSync(join(run, 'checkpoint', 'checkpoint.json'), 'utf8')).config,
});
const runs = [await load(mseRun), await load(ganRun)];
const { scale } = runs[0].config;
const crop = 64;
const zoom = 2;

const toFloat = (image) => tf.tidy(() => tf.sub(tf.div(tf.tensor4d(Float32Array.from(image.data), [1, image.height, image.width, 3]), 127.5), 1));
const cell = (t) => tf.tidy(() => {
  const [, h, w] = t.shape;
  const centre = tf.slice(t, [0, (h - crop) >> 1, (w - crop) >> 1, 0], [1, crop, crop, 3]);
  return tf.image.resizeNearestNeighbor(centre, [crop * zoom, crop * zoom]);
});

const cells = [];
for (const file of files) {
  const image = toChannels(decodeImage(readFileSync(file), file), 3);
  const hr = toFloat(image);
  const lr = lowResolution(hr, scale);
  const lrPixels = { width: image.width / scale, height: image.height / scale, channels: 3, data: Uint8Array.from(await tf.tidy(() => tf.round(tf.mul(tf.add(lr, 1), 127.5))).data()) };
  const nearest = tf.image.resizeNearestNeighbor(lr, [image.height, image.width]);
  const outputs = [];
  for (const { generator, config } of runs) outputs.push(toFloat(await upscaleImage(generator, lrPixels, config)));
  for (const t of [nearest, bicubicUpscale(lr, scale), ...outputs, hr]) cells.push(cell(t));
}
const batch = tf.concat(cells, 0);
const grid = makeGrid({ data: await batch.data(), count: cells.length, height: crop * zoom, width: crop * zoom, channels: 3 }, 5, 2);
writeFileSync(out, encodePng(grid));
console.log(`wrote ${out}: ${cells.length / 5} rows of LR | bicubic | ${mseRun} | ${ganRun} | HR`);
