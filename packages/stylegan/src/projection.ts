/**
 * StyleGAN's side of projection (NVlabs' projector.py; Image2StyleGAN, Abdal et al. 2019, for w+):
 * a code is `w` [N, 1, wDim] (one w for every layer) or [N, numWs, wDim] (w+: one per layer), plus
 * one noise map per noise input, `noise<k>` [N, r, r, 1] for the layer reading w index k. The
 * optimisation starts at the mean w of 10 000 mapped z (restarts after the first start at the w of
 * a seeded z), with the noise maps drawn from N(0, 1) and optimised under core's regularisation.
 */
import * as tf from '@tensorflow/tfjs';
import type { LatentCode, Projection, ProjectionRow } from '@ganforge/core/project';
import { tfSeed } from '@ganforge/core/random';
import { levels, numWs, resolutionOf, type StyleganConfig } from './config.js';
import { mapping, synthesisLayers, synthesize } from './generator.js';

/** z samples whose mapped w give the mean and spread (projector.py: 10 000, seed 123). */
const statsSamples = 10_000;
const statsSeed = 123;

/** The mean w [1, wDim] of `statsSamples` seeded z, and w_std: the RMS distance of those w from it. Caller disposes `mean`. */
export async function wStatistics(generator: tf.LayersModel, config: StyleganConfig): Promise<{ mean: tf.Tensor2D; spread: number }> {
  const batch = 1000;
  let sum = tf.zeros([1, config.wDim]);
  let squares = tf.zeros([1, config.wDim]);
  for (let start = 0; start < statsSamples; start += batch) {
    const [s, q] = tf.tidy(() => {
      const w = mapping(generator, config, tf.randomNormal([batch, config.latentDim], 0, 1, 'float32', tfSeed(statsSeed, start)) as tf.Tensor2D);
      return [tf.add(sum, tf.sum(w, 0, true)), tf.add(squares, tf.sum(tf.square(w), 0, true))];
    });
    tf.dispose([sum, squares]);
    [sum, squares] = [s!, q!];
  }
  const mean = tf.div(sum, statsSamples) as tf.Tensor2D;
  // Σ‖w - w̄‖² / n = Σ_d (E[w_d²] - w̄_d²)
  const variance = tf.tidy(() => tf.sum(tf.sub(tf.div(squares, statsSamples), tf.square(mean))));
  const spread = Math.sqrt(Math.max(0, (await variance.data())[0]!));
  tf.dispose([sum, squares, variance]);
  return { mean, spread };
}

/** The noise inputs of the synthesis network: the w index each reads (its code part is `noise<index>`) and its side. */
export const noiseInputs = (config: Pick<StyleganConfig, 'imageSize'>): { index: number; size: number }[] =>
  Array.from({ length: levels(config.imageSize) + 1 }, (_, level) => synthesisLayers(level).convs.map(({ w }) => ({ index: w, size: resolutionOf(level) }))).flat();

const noisePart = (index: number) => `noise${index}`;

/**
 * Images of a code (not clipped): `w` [N, 1 | numWs, wDim] feeds every layer or one each; the noise
 * maps it holds replace the stored noise. Caller disposes.
 */
export function renderCode(generator: tf.LayersModel, config: StyleganConfig, code: LatentCode): tf.Tensor4D {
  return tf.tidy(() => {
    const w = code.w as tf.Tensor3D;
    const count = numWs(config.imageSize);
    const ws = w.shape[1] === 1 ? new Array<tf.Tensor2D>(count).fill(tf.squeeze(w, [1])) : tf.unstack(w, 1) as tf.Tensor2D[];
    if (ws.length !== count) throw new Error(`a w+ code for this generator holds ${count} w, not ${ws.length}`);
    return synthesize(generator, ws, (index) => code[noisePart(index)]);
  });
}

/** Starting codes: w from the mean (restart 0) or a seeded z's w (restart r), noise maps from N(0, 1); per restart. */
async function startCodes(generator: tf.LayersModel, config: StyleganConfig, space: string, rows: ProjectionRow[], seed: number) {
  const { mean, spread } = await wStatistics(generator, config);
  const layers = space === 'w+' ? numWs(config.imageSize) : 1;
  const code = tf.tidy(() => {
    const restarts = [...new Set(rows.map((r) => r.restart))];
    const starts = restarts.map((r) => (r === 0 ? mean : mapping(generator, config, tf.randomNormal([1, config.latentDim], 0, 1, 'float32', tfSeed(seed, r)) as tf.Tensor2D))); // each [1, wDim]
    const pick = tf.tensor1d(rows.map((row) => restarts.indexOf(row.restart)), 'int32');
    const parts: LatentCode = { w: tf.tile(tf.expandDims(tf.gather(tf.concat(starts), pick), 1), [1, layers, 1]) }; // [rows, layers, wDim]
    for (const { index, size } of noiseInputs(config)) {
      const maps = restarts.map((r) => tf.randomNormal([1, size, size, 1], 0, 1, 'float32', tfSeed(seed, r, index)));
      parts[noisePart(index)] = tf.gather(tf.concat(maps), pick); // [rows, r, r, 1]
    }
    return parts;
  });
  mean.dispose();
  return { code, spread };
}

export const projection: Projection<StyleganConfig> = {
  spaces: ['w', 'w+'],
  restarts: 1,
  start: async (generator, config, { space, rows, seed }) => {
    const { code, spread } = await startCodes(generator, config, space, rows, seed);
    const noiseMaps = noiseInputs(config).map(({ index }) => noisePart(index));
    return { code, trainable: ['w', ...noiseMaps], spread: { w: spread }, noiseMaps };
  },
  render: renderCode,
};
