#!/usr/bin/env node
/* global process, console */
/**
 * How many of an MNIST export's samples are legible digits: the share that ganforge's shipped
 * MNIST classifier reads with top-class probability >= 0.5, 0.9 and 0.99, beside the same shares of
 * the 1,000 held-out real digits. Samples are those of seeded codes z ~ N(0, 1) (tfjs seed 7).
 *
 *   node apps/demo/scripts/legible-share.mjs apps/demo/public/models/dcgan-mnist [--count 2000]
 *
 * Prints one JSON line. Noise exports only (`input.kind` "noise" or "style": model.json takes z).
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { datasetBatch } from '@ganforge/core/metrics';
import { loadBuiltinDataset, loadClassifier, loadModel } from '@ganforge/core/node';
import '@ganforge/progan'; // registers the custom layers of the exports
import '@ganforge/stylegan';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { count: { type: 'string', default: '2000' } } });
if (positionals.length !== 1) {
  console.error('usage: legible-share.mjs <export folder> [--count n]');
  process.exit(2);
}
await tf.setBackend('wasm');
const count = Number(values.count);
const thresholds = [0.5, 0.9, 0.99];
const batchSize = 250;
const classifier = await loadClassifier('mnist');

/** Shares of `total` images (made `batchSize` at a time by `batch`) read with confidence >= each threshold. */
async function legibleShares(total, batch) {
  const confidences = [];
  for (let start = 0; start < total; start += batchSize) {
    const images = batch(start, Math.min(batchSize, total - start));
    const top = tf.tidy(() => tf.max(classifier.probabilities(images), 1));
    confidences.push(...(await top.data()));
    tf.dispose([images, top]);
  }
  return Object.fromEntries(thresholds.map((t) => [`p>=${t}`, Number((confidences.filter((c) => c >= t).length / total).toFixed(3))]));
}

const real = await loadBuiltinDataset('mnist', 'test');
const realShares = await legibleShares(real.count, (start, size) => {
  const { images, labels } = datasetBatch(real, start, size);
  labels.dispose();
  return images;
});
const generator = await loadModel(positionals[0]);
const codes = tf.randomNormal([count, generator.inputs[0].shape[1]], 0, 1, 'float32', 7);
const sampleShares = await legibleShares(count, (start, size) => tf.tidy(() => generator.predict(tf.slice(codes, start, size))));
codes.dispose();
console.log(JSON.stringify({ export: positionals[0], samples: { count, ...sampleShares }, heldOutReal: { count: real.count, ...realShares } }));
