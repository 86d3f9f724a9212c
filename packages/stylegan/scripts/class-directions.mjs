#!/usr/bin/env node
/* global console */
// How well class directions edit a StyleGAN run of a built-in dataset, measured on the run's own
// samples (in distribution, so no projection error enters): the README's "Why the class edit stops
// near 60%".
//   1. Labels `--samples` generated samples (seeds 1,000,000 on) with the shipped classifier: the
//      class counts, and what each class's mean w renders as.
//   2. For every class a, three directions towards pairOf[a] (the pairs of projection-table.mjs):
//      mean   the mean w of class b minus that of class a (what `edit --classes a,b` uses);
//      normal the normal of a logistic-regression boundary between the two classes' w (InterfaceGAN,
//             Shen et al. 2020), with its training accuracy;
//      lda    Fisher's discriminant, the shrunk pooled covariance's inverse times the mean difference.
//      normal and lda are scaled so that their dot product with the mean difference equals the
//      mean difference's squared length: strength 1 moves as far across the classes as `mean` does.
//   3. Edits `--edits` other generated samples (seeds 5,000,000 on) by +s along the direction of
//      their class and reports the share the classifier then puts in the pair class.
//
//   pnpm build && node packages/stylegan/scripts/class-directions.mjs --run runs/stylegan-mnist32
//   options: --samples 3000, --edits 200, --strength 1,1.5,2,3, --backend
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
import { loadCheckpointNetworks, loadClassifier, readCheckpoint } from '@ganforge/core/node';
import { emaNetworkName } from '@ganforge/core/train';
import { imagesOfW, wOfSeeds } from '@ganforge/stylegan';

const { values: args } = parseArgs({
  options: {
    run: { type: 'string' },
    samples: { type: 'string', default: '3000' },
    edits: { type: 'string', default: '200' },
    strength: { type: 'string', default: '1,1.5,2,3' },
    backend: { type: 'string' },
  },
});
if (args.run === undefined) throw new Error('pass --run <run folder>');
const pairOf = [6, 7, 3, 8, 9, 6, 0, 1, 3, 4];
const strengths = args.strength.split(',').map(Number);

await initBackend({ backend: args.backend });
const { dir, meta } = await readCheckpoint(args.run);
if (meta.architecture !== 'stylegan') throw new Error(`${args.run} is a ${meta.architecture} run; this study needs a stylegan run`);
const network = meta.networks.includes(emaNetworkName) ? emaNetworkName : 'generator';
const generator = (await loadCheckpointNetworks(dir, { ...meta, networks: [network] }))[network];
const config = meta.config;
const classifier = await loadClassifier(meta.data.source);

/** w [count, wDim] of seeds first.., and the classifier's labels of their images. */
async function labelled(first, count) {
  const parts = [];
  const labels = [];
  for (let start = 0; start < count; start += 250) {
    const w = wOfSeeds(generator, config, Array.from({ length: Math.min(250, count - start) }, (_, i) => first + start + i));
    const images = imagesOfW(generator, config, w);
    labels.push(...(await classifier.predict(images)));
    images.dispose();
    parts.push(w);
  }
  const w = tf.concat(parts);
  tf.dispose(parts);
  return { w, labels };
}
const rowsOf = (w, labels, c) => tf.tidy(() => tf.gather(w, tf.tensor1d(labels.flatMap((l, i) => (l === c ? [i] : [])), 'int32')));

/** The logistic-regression boundary normal between rows A (label 0) and B (label 1), in w units, and its training accuracy. */
function logisticNormal(A, B) {
  return tf.tidy(() => {
    const x = tf.concat([A, B]);
    const y = tf.concat([tf.zeros([A.shape[0], 1]), tf.ones([B.shape[0], 1])]);
    const { mean, variance } = tf.moments(x, 0);
    const scale = tf.add(tf.sqrt(variance), 1e-6);
    const standard = tf.div(tf.sub(x, mean), scale);
    const weights = tf.variable(tf.zeros([x.shape[1], 1]));
    const bias = tf.variable(tf.scalar(0));
    const optimizer = tf.train.adam(0.05);
    const logits = () => tf.add(tf.matMul(standard, weights), bias);
    for (let i = 0; i < 300; i++) optimizer.minimize(() => tf.add(tf.losses.sigmoidCrossEntropy(y, logits()), tf.mul(1e-2, tf.sum(tf.square(weights)))));
    const accuracy = tf.mean(tf.cast(tf.equal(tf.greater(logits(), 0), tf.cast(y, 'bool')), 'float32')).arraySync();
    const normal = tf.div(tf.reshape(weights, [-1]), scale);
    tf.dispose([weights, bias]);
    optimizer.dispose();
    return { normal, accuracy };
  });
}

/** Fisher's discriminant: (0.9·Σ + 0.1·tr(Σ)/d·I)^-1 (μB − μA), Σ the pooled covariance. */
function fisherDirection(A, B) {
  return tf.tidy(() => {
    const centred = tf.concat([tf.sub(A, tf.mean(A, 0)), tf.sub(B, tf.mean(B, 0))]);
    const dim = centred.shape[1];
    const covariance = tf.div(tf.matMul(centred, centred, true, false), centred.shape[0] - 2);
    const ridge = tf.mul(tf.eye(dim), tf.div(tf.sum(tf.mul(covariance, tf.eye(dim))), dim));
    const shrunk = tf.add(tf.mul(covariance, 0.9), tf.mul(ridge, 0.1));
    // Solve shrunk · v = μB − μA by Gauss-Jordan elimination on the small [dim, dim + 1] system.
    const difference = tf.sub(tf.mean(B, 0), tf.mean(A, 0)).arraySync();
    const system = shrunk.arraySync().map((row, i) => [...row, difference[i]]);
    for (let col = 0; col < dim; col++) {
      const pivot = system[col][col];
      for (let j = col; j <= dim; j++) system[col][j] /= pivot;
      for (let row = 0; row < dim; row++) {
        if (row === col) continue;
        const factor = system[row][col];
        for (let j = col; j <= dim; j++) system[row][j] -= factor * system[col][j];
      }
    }
    return tf.tensor1d(system.map((row) => row[dim]));
  });
}

/** `direction` rescaled so that its dot product with `difference` is |difference|². */
const alongDifference = (direction, difference) =>
  tf.tidy(() => tf.mul(direction, tf.div(tf.sum(tf.square(difference)), tf.sum(tf.mul(direction, difference)))));

const pool = await labelled(1_000_000, Number(args.samples));
const counts = Array.from({ length: 10 }, (_, c) => pool.labels.filter((l) => l === c).length);
console.log(`${args.samples} samples by class: ${counts.join(' ')}`);
const means = tf.stack(counts.map((_, c) => tf.tidy(() => tf.mean(rowsOf(pool.w, pool.labels, c), 0))));
const overall = tf.mean(pool.w, 0, true);
const meanAndOverall = tf.concat([means, overall]);
const meanImages = imagesOfW(generator, config, meanAndOverall);
const rendered = await classifier.predict(meanImages);
console.log(`class means render as: ${Array.from(rendered.slice(0, 10)).join(' ')}; the mean of all w as ${rendered[10]}`);

const directions = { mean: [], normal: [], lda: [] };
const accuracies = [];
for (let a = 0; a < 10; a++) {
  const [A, B] = [rowsOf(pool.w, pool.labels, a), rowsOf(pool.w, pool.labels, pairOf[a])];
  const difference = tf.tidy(() => tf.sub(tf.mean(B, 0), tf.mean(A, 0)));
  const { normal, accuracy } = logisticNormal(A, B);
  const fisher = fisherDirection(A, B);
  directions.mean.push(difference);
  directions.normal.push(alongDifference(normal, difference));
  directions.lda.push(alongDifference(fisher, difference));
  accuracies.push(accuracy);
  tf.dispose([A, B, normal, fisher]);
}
console.log(`logistic boundary training accuracy, pair by pair: ${accuracies.map((v, a) => `${a}->${pairOf[a]} ${(100 * v).toFixed(1)}%`).join(', ')}`);

const edits = await labelled(5_000_000, Number(args.edits));
for (const [method, perClass] of Object.entries(directions)) {
  const shares = [];
  for (const strength of strengths) {
    const moved = tf.tidy(() => tf.add(edits.w, tf.mul(strength, tf.gather(tf.stack(perClass), tf.tensor1d(edits.labels, 'int32')))));
    const images = imagesOfW(generator, config, moved);
    const after = await classifier.predict(images);
    tf.dispose([moved, images]);
    shares.push(`${((100 * edits.labels.filter((a, i) => after[i] === pairOf[a]).length) / edits.labels.length).toFixed(1)}% at +${strength}`);
  }
  console.log(`${method}: ${shares.join(', ')} (of ${edits.labels.length})`);
}
Object.values(directions).forEach((list) => tf.dispose(list));
tf.dispose([pool.w, edits.w, means, overall, meanAndOverall, meanImages]);
classifier.dispose();
generator.dispose();
