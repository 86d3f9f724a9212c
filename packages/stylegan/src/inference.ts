/**
 * Inference in w space (Karras et al. 2019): seeds to w, the truncation trick, style mixing between
 * seeds at a chosen range of layers, latent walks in w, and directions found from labelled samples
 * (the mean w of one class minus that of another), along which a seed is moved. The same seed
 * always gives the same w, and the synthesis uses its stored noise, so every picture repeats.
 */
import * as tf from '@tensorflow/tfjs';
import { tfSeed } from '@ganforge/core/random';
import { numWs, type StyleganConfig } from './config.js';
import { disposeCode, selectCodeRows, type LatentCode } from '@ganforge/core/project';
import { mapping, synthesize, truncation } from './generator.js';
import { renderCode } from './projection.js';

/** z [K, latentDim] of seeds, one row per seed: the code `ganforge sample --seed s --count 1` draws. Caller disposes. */
export function latentOfSeeds(config: Pick<StyleganConfig, 'latentDim'>, seeds: number[]): tf.Tensor2D {
  return tf.tidy(() => tf.concat(seeds.map((s) => tf.randomNormal([1, config.latentDim], 0, 1, 'float32', tfSeed(s)))) as tf.Tensor2D);
}

/** w [K, wDim] of seeds, truncated by ψ (1: none). Caller disposes. */
export function wOfSeeds(generator: tf.LayersModel, config: StyleganConfig, seeds: number[], psi = 1): tf.Tensor2D {
  return tf.tidy(() => truncation(generator).truncate(mapping(generator, config, latentOfSeeds(config, seeds)), psi) as tf.Tensor2D);
}

/** Images of w [K, wDim], the same w at every layer. Caller disposes. */
export function imagesOfW(generator: tf.LayersModel, config: StyleganConfig, w: tf.Tensor2D): tf.Tensor4D {
  return tf.tidy(() => tf.clipByValue(synthesize(generator, new Array<tf.Tensor2D>(numWs(config.imageSize)).fill(w)), -1, 1));
}

/** A layer range "a-b" or "a" parsed and checked against the run's numWs; inclusive. */
export function parseLayerRange(text: string, config: Pick<StyleganConfig, 'imageSize'>): [number, number] {
  const count = numWs(config.imageSize);
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  const from = match ? Number(match[1]) : NaN;
  const to = match ? Number(match[2] ?? match[1]) : NaN;
  if (!(from <= to && to < count)) {
    throw new Error(`layer range "${text}" must be a or a-b with 0 <= a <= b < ${count} (this ${config.imageSize}x${config.imageSize} generator has ${count} w inputs: 0-1 at 4x4, then two per resolution)`);
  }
  return [from, to];
}

export interface StyleMixOptions {
  /** Codes of the rows [R, ...] (seedCode, or projected codes). */
  rows: LatentCode;
  /** Codes of the columns [C, ...]. */
  cols: LatentCode;
  /** w indices (inclusive) taken from the column code; every other index keeps the row code's w. */
  layers: [number, number];
}

/** A code's w as one w per layer: [N, numWs, wDim]. Caller disposes. */
const perLayer = (code: LatentCode, count: number): tf.Tensor3D =>
  tf.tidy(() => (code.w!.shape[1] === count ? tf.clone(code.w!) : tf.tile(code.w!, [1, count, 1])) as tf.Tensor3D);

/**
 * The style-mixing figure (Karras et al. 2019, Fig. 3): the first row holds the column codes'
 * images, the first column the row codes' (the corner is gray), and cell (r, c) renders the row
 * code (its w and noise maps) with the w of layers [a, b] replaced by the column code's. Mixing the
 * fine layers (the high indices) keeps each row's coarse structure and takes the columns' fine
 * style; mixing the coarse ones does the opposite. Images [(R+1)·(C+1), S, S, C] in row order;
 * caller disposes.
 */
export function styleMixGrid(generator: tf.LayersModel, config: StyleganConfig, options: StyleMixOptions): { images: tf.Tensor4D; columns: number } {
  const { rows, cols, layers } = options;
  const count = numWs(config.imageSize);
  const [r, c] = [rows.w!.shape[0], cols.w!.shape[0]];
  return {
    columns: c + 1,
    images: tf.tidy(() => {
      // Every (row, col) pair, row-major: [R·C, numWs, wDim].
      const rowOf = tf.tensor1d(Array.from({ length: r * c }, (_, k) => Math.floor(k / c)), 'int32');
      const colOf = tf.tensor1d(Array.from({ length: r * c }, (_, k) => k % c), 'int32');
      const fromCol = tf.reshape(tf.tensor1d(Array.from({ length: count }, (_, i) => (i >= layers[0] && i <= layers[1] ? 1 : 0)), 'bool'), [1, count, 1]);
      const w = tf.where(tf.tile(fromCol, [r * c, 1, config.wDim]), tf.gather(perLayer(cols, count), colOf), tf.gather(perLayer(rows, count), rowOf));
      const cells: LatentCode = { w };
      for (const [name, part] of Object.entries(rows)) if (name !== 'w') cells[name] = tf.gather(part, rowOf);
      const mixed = imagesOfCode(generator, config, cells); // [R·C, S, S, C]
      const rowImages = imagesOfCode(generator, config, rows);
      const colImages = imagesOfCode(generator, config, cols);
      const corner = tf.zerosLike(tf.slice(colImages, 0, 1));
      const gridRows = [tf.concat([corner, colImages])];
      for (let i = 0; i < r; i++) gridRows.push(tf.concat([tf.slice(rowImages, i, 1), tf.slice(mixed, i * c, c)]));
      return tf.concat(gridRows) as tf.Tensor4D;
    }),
  };
}

/** The code of seeds: w [K, 1, wDim] (truncated by ψ), with the stored noise. Caller disposes. */
export const seedCode = (generator: tf.LayersModel, config: StyleganConfig, seeds: number[], psi = 1): LatentCode => ({
  w: tf.tidy(() => tf.expandDims(wOfSeeds(generator, config, seeds, psi), 1)),
});

/** Images of a code [N, ...] (seedCode, or a projected code), clipped to [-1, 1]. Caller disposes. */
export const imagesOfCode = (generator: tf.LayersModel, config: StyleganConfig, code: LatentCode): tf.Tensor4D =>
  tf.tidy(() => tf.clipByValue(renderCode(generator, config, code), -1, 1));

/** w at `frames` evenly spaced points of the segment from one seed's w to another's (linear in w). Caller disposes. */
export function wWalk(generator: tf.LayersModel, config: StyleganConfig, fromSeed: number, toSeed: number, frames: number, psi = 1): tf.Tensor2D {
  return tf.tidy(() => {
    const ends = wOfSeeds(generator, config, [fromSeed, toSeed], psi);
    const t = tf.reshape(tf.linspace(0, 1, frames), [frames, 1]);
    const [a, b] = [tf.slice(ends, 0, 1), tf.slice(ends, 1, 1)];
    return tf.add(a, tf.mul(t, tf.sub(b, a))) as tf.Tensor2D;
  });
}

/** The mean w of seeds labelled b minus that of seeds labelled a: a direction [wDim] from a to b. Caller disposes. */
export function directionFromSeeds(generator: tf.LayersModel, config: StyleganConfig, seedsA: number[], seedsB: number[]): tf.Tensor1D {
  if (seedsA.length === 0 || seedsB.length === 0) throw new Error('a direction needs at least one seed of each label');
  return tf.tidy(() => tf.sub(tf.mean(wOfSeeds(generator, config, seedsB), 0), tf.mean(wOfSeeds(generator, config, seedsA), 0)) as tf.Tensor1D);
}

/** The indices 0 .. count - 1 whose images (`imagesOf` makes them `batchSize` at a time) `classify` puts in class a, and in class b. */
async function indicesByClass(
  count: number,
  imagesOf: (indices: number[]) => tf.Tensor4D,
  classify: (images: tf.Tensor4D) => Promise<Int32Array>,
  classes: [number, number],
  batchSize: number,
): Promise<[number[], number[]]> {
  const found: [number[], number[]] = [[], []];
  for (let start = 0; start < count; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => start + i);
    const images = imagesOf(indices);
    const predicted = await classify(images);
    images.dispose();
    predicted.forEach((label, i) => {
      if (label === classes[0]) found[0].push(indices[i]!);
      if (label === classes[1]) found[1].push(indices[i]!);
    });
  }
  return found;
}

/**
 * Labels `samples` seeds (first, first + 1, ...) by classifying their images, and returns the
 * seeds of classes a and b: the labelled set of directionFromSeeds when a classifier judges the
 * classes (ImageClassifier.predict of @ganforge/core fits `classify`).
 */
export async function seedsByClass(
  generator: tf.LayersModel,
  config: StyleganConfig,
  classify: (images: tf.Tensor4D) => Promise<Int32Array>,
  classes: [number, number],
  options: { samples: number; first?: number; batchSize?: number },
): Promise<[number[], number[]]> {
  const { samples, first = 0, batchSize = 100 } = options;
  const seedsOf = (indices: number[]) => indices.map((i) => first + i);
  const imagesOf = (indices: number[]) => tf.tidy(() => imagesOfW(generator, config, wOfSeeds(generator, config, seedsOf(indices))));
  const [a, b] = await indicesByClass(samples, imagesOf, classify, classes, batchSize);
  return [seedsOf(a), seedsOf(b)];
}

/**
 * The mean w of the code rows that `classify` puts in class b minus that of the rows in class a (the
 * rows of a w+ code averaged over their layers): a direction [wDim] from projected images, e.g. real
 * digits that `ganforge project` inverted, instead of generated samples. `counts` says how many rows
 * each class had; `direction` is absent when one had none. Caller disposes the direction.
 */
export async function directionFromCodes(
  generator: tf.LayersModel,
  config: StyleganConfig,
  code: LatentCode,
  classify: (images: tf.Tensor4D) => Promise<Int32Array>,
  classes: [number, number],
  batchSize = 100,
): Promise<{ direction?: tf.Tensor1D; counts: [number, number] }> {
  const imagesOf = (indices: number[]) => {
    const rows = selectCodeRows(code, indices);
    const images = imagesOfCode(generator, config, rows);
    disposeCode(rows);
    return images;
  };
  const rows = await indicesByClass(code.w!.shape[0]!, imagesOf, classify, classes, batchSize);
  const counts: [number, number] = [rows[0].length, rows[1].length];
  if (counts[0] === 0 || counts[1] === 0) return { counts };
  const meanW = (indices: number[]) => tf.mean(tf.gather(code.w!, indices), [0, 1]);
  return { direction: tf.tidy(() => tf.sub(meanW(rows[1]), meanW(rows[0])) as tf.Tensor1D), counts };
}

/**
 * A code [1, ...] moved along a direction: w + t·direction at every layer for `steps` values of t
 * evenly spaced in [-strength, strength] (the middle frame, for odd steps, is the code itself); its
 * noise maps stay. A code [steps, ...]; caller disposes.
 */
export function editCode(code: LatentCode, direction: tf.Tensor1D, steps: number, strength: number): LatentCode {
  return tf.tidy(() => {
    const t = tf.reshape(steps === 1 ? tf.tensor1d([0]) : tf.linspace(-strength, strength, steps), [steps, 1, 1]);
    const edited: LatentCode = { w: tf.add(code.w!, tf.mul(t, tf.reshape(direction, [1, 1, -1]))) }; // [steps, 1 | numWs, wDim]
    for (const [name, part] of Object.entries(code)) if (name !== 'w') edited[name] = tf.tile(part, [steps, ...new Array<number>(part.rank - 1).fill(1)]);
    return edited;
  });
}
