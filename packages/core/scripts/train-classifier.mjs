/* global console, process, performance */
// Trains the classifier whose penultimate features ganforge's Fréchet distance, KID and
// precision/recall use, and whose predictions give the class accuracy of conditional samples;
// writes it to packages/datasets/classifiers/<dataset>/ (model.json, weights.bin at float16, info.json).
//
//   pnpm --filter @ganforge/core build
//   nice -n 5 node packages/core/scripts/train-classifier.mjs mnist [--epochs 30] [--seed 0] [--out dir]
//
// Runs on the built core (dist/) with its default backend (wasm on a machine without tfjs-node).
// Network: createClassifierModel() in src/metrics/classifier.ts. Training: Adam (lr 1e-3, cosine
// decay to 2e-5), batch 128, random affine augmentation every epoch (MNIST: rotation ±10°, scale
// ±10%, shift ±2 px; Fashion-MNIST: horizontal flip and shift ±2 px). The test split is only
// measured, never used to choose anything: the epochs are fixed.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { createClassifierModel, initBackend, mulberry32 } from '../dist/index.js';
import { loadBuiltinDataset, loadModel, saveModel } from '../dist/node/index.js';

const titles = { mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST' };
const defaults = {
  mnist: { epochs: 30, rotate: 10, scale: 0.1, shift: 2, flip: false },
  'fashion-mnist': { epochs: 4, rotate: 0, scale: 0, shift: 2, flip: true },
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { epochs: { type: 'string' }, seed: { type: 'string', default: '0' }, out: { type: 'string' }, limit: { type: 'string' } },
});
const dataset = positionals[0];
if (!(dataset in defaults)) {
  console.error(`usage: train-classifier.mjs <${Object.keys(defaults).join('|')}> [--epochs n] [--seed n] [--out dir]`);
  process.exit(1);
}
const recipe = { ...defaults[dataset], ...(values.epochs ? { epochs: Number(values.epochs) } : {}) };
const seed = Number(values.seed);
const out = values.out ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'datasets', 'classifiers', dataset);
const batchSize = 128;
const learningRate = { start: 1e-3, end: 2e-5 };

const report = await initBackend();
const train = await loadBuiltinDataset(dataset, 'train', values.limit ? { limit: Number(values.limit) } : {});
const test = await loadBuiltinDataset(dataset, 'test');
console.log(`${dataset}: ${train.count} train, ${test.count} test images; backend ${report.backend} (${report.threads} threads); ${recipe.epochs} epochs`);

/**
 * One randomly transformed copy of every 28 x 28 image, in [-1, 1]: inverse-mapped affine warp
 * (rotation, isotropic scale, shift, optional horizontal flip) about the centre, bilinear, zero
 * (background) outside.
 */
function augment(images, count, random) {
  const side = 28;
  const c = (side - 1) / 2;
  const out = new Float32Array(count * side * side);
  for (let n = 0; n < count; n++) {
    const angle = ((random() * 2 - 1) * recipe.rotate * Math.PI) / 180;
    const scale = 1 + (random() * 2 - 1) * recipe.scale;
    const dx = Math.round((random() * 2 - 1) * recipe.shift);
    const dy = Math.round((random() * 2 - 1) * recipe.shift);
    const flip = recipe.flip && random() < 0.5 ? -1 : 1;
    const cos = Math.cos(angle) / scale;
    const sin = Math.sin(angle) / scale;
    const base = n * side * side;
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        // Output (x, y) reads input (u, v) = R⁻¹ S⁻¹ (x - c - dx, y - c - dy) + c, x mirrored by flip.
        const ox = (x - c - dx) * flip;
        const oy = y - c - dy;
        const u = cos * ox + sin * oy + c;
        const v = -sin * ox + cos * oy + c;
        const x0 = Math.floor(u);
        const y0 = Math.floor(v);
        const fx = u - x0;
        const fy = v - y0;
        const at = (xx, yy) => (xx < 0 || yy < 0 || xx >= side || yy >= side ? 0 : images[base + yy * side + xx]);
        const value = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
        out[base + y * side + x] = value / 127.5 - 1;
      }
    }
  }
  return out;
}

const toTensors = (pixels, labels, count) =>
  tf.tidy(() => ({ x: tf.tensor4d(pixels, [count, 28, 28, 1]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10) }));

async function accuracy(model, set) {
  const pixels = Float32Array.from(set.images, (v) => v / 127.5 - 1);
  let correct = 0;
  for (let start = 0; start < set.count; start += 500) {
    const size = Math.min(500, set.count - start);
    const predicted = tf.tidy(() => tf.argMax(model.predict(tf.tensor4d(pixels.subarray(start * 784, (start + size) * 784), [size, 28, 28, 1])), 1));
    const classes = await predicted.data();
    predicted.dispose();
    for (let i = 0; i < size; i++) if (classes[i] === set.labels[start + i]) correct += 1;
  }
  return correct / set.count;
}

const model = createClassifierModel({ seed });
const optimizer = tf.train.adam(learningRate.start);
model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const random = mulberry32(seed + 1);
const started = performance.now();
for (let epoch = 0; epoch < recipe.epochs; epoch++) {
  // Cosine decay from start to end over the epochs.
  optimizer.learningRate = learningRate.end + 0.5 * (learningRate.start - learningRate.end) * (1 + Math.cos((Math.PI * epoch) / recipe.epochs));
  const { x, y } = toTensors(augment(train.images, train.count, random), train.labels, train.count);
  const history = await model.fit(x, y, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
  tf.dispose([x, y]);
  const seconds = (performance.now() - started) / 1000;
  const loss = history.history.loss[0];
  const trainAccuracy = history.history.acc?.[0] ?? history.history.accuracy?.[0];
  console.log(`epoch ${epoch + 1}/${recipe.epochs}: loss ${loss.toFixed(4)}, augmented train accuracy ${trainAccuracy.toFixed(4)}, lr ${optimizer.learningRate.toExponential(2)}, ${seconds.toFixed(0)} s`);
}
const trainSeconds = (performance.now() - started) / 1000;
const float32Accuracy = await accuracy(model, test);

// Save, then rewrite the weights at float16 (tfjs' own quantization format, read by loadLayersModel).
await rm(out, { recursive: true, force: true });
await saveModel(model, out);
const modelJson = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
const float32 = new Float32Array((await readFile(join(out, 'weights.bin'))).buffer.slice(0));
await writeFile(join(out, 'weights.bin'), toFloat16(float32));
for (const spec of modelJson.weightsManifest[0].weights) spec.quantization = { dtype: 'float16' };
await writeFile(join(out, 'model.json'), JSON.stringify(modelJson));
const shipped = await loadModel(out);
const testAccuracy = await accuracy(shipped, test);
shipped.dispose();

const info = {
  dataset,
  title: titles[dataset],
  classNames: train.classNames,
  featureDim: 128,
  testAccuracy,
  testCount: test.count,
  training: {
    script: 'packages/core/scripts/train-classifier.mjs',
    trainCount: train.count,
    epochs: recipe.epochs,
    batchSize,
    learningRate,
    augmentation: { rotateDegrees: recipe.rotate, scale: recipe.scale, shiftPixels: recipe.shift, horizontalFlip: recipe.flip },
    seed,
    backend: `${report.backend} (${report.threads} threads)`,
    seconds: Math.round(trainSeconds),
    float32TestAccuracy: float32Accuracy,
    date: new Date().toISOString().slice(0, 10),
  },
};
await mkdir(out, { recursive: true });
await writeFile(join(out, 'info.json'), `${JSON.stringify(info, null, 2)}\n`);
console.log(`trained in ${trainSeconds.toFixed(0)} s; test accuracy ${(float32Accuracy * 100).toFixed(2)}% (float32), ${(testAccuracy * 100).toFixed(2)}% (shipped float16); wrote ${out}`);
model.dispose();

/** IEEE half-precision bits of every value, round to nearest even (subnormals kept, overflow to ±Inf). */
function toFloat16(values) {
  const out = new Uint16Array(values.length);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i];
    const bits = u32[0];
    const sign = (bits >>> 16) & 0x8000;
    const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
    let mantissa = bits & 0x7fffff;
    if (exponent >= 31) {
      out[i] = sign | 0x7c00; // too large (or Inf/NaN): Inf
    } else if (exponent <= 0) {
      if (exponent < -10) {
        out[i] = sign; // too small: ±0
      } else {
        mantissa |= 0x800000;
        const shift = 14 - exponent;
        let half = mantissa >>> shift;
        const rest = mantissa & ((1 << shift) - 1);
        const halfway = 1 << (shift - 1);
        if (rest > halfway || (rest === halfway && half & 1)) half += 1;
        out[i] = sign | half;
      }
    } else {
      let half = (exponent << 10) | (mantissa >>> 13);
      const rest = mantissa & 0x1fff;
      if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half += 1; // a carry into the exponent is still correct
      out[i] = sign | half;
    }
  }
  return new Uint8Array(out.buffer);
}
