import * as tf from '@tensorflow/tfjs';
import type { Networks } from '@ganforge/core';
import { datasetSlice, type ImageDataset, type TrainingData } from '@ganforge/core/data';
import type { CycleganConfig } from './config.js';
import { generators, run } from './inference.js';

/** Held-out images per forward pass in `evaluate`. */
const evalBatch = 16;

/** Per-channel mean and standard deviation of every pixel of a dataset (in [-1, 1]), from running sums. */
function colourMoments(sums: Float64Array, squares: Float64Array, count: number): { mean: number[]; std: number[] } {
  const mean = Array.from(sums, (s) => s / count);
  return { mean, std: Array.from(squares, (q, c) => Math.sqrt(Math.max(0, q / count - mean[c]! ** 2))) };
}

/** Σ|μ_x - μ_y| + |σ_x - σ_y| averaged over channels: how far two image sets' colour statistics lie apart. */
const colourGap = (x: ReturnType<typeof colourMoments>, y: ReturnType<typeof colourMoments>) =>
  x.mean.reduce((s, m, c) => s + Math.abs(m - y.mean[c]!) + Math.abs(x.std[c]! - y.std[c]!), 0) / x.mean.length;

/**
 * One direction's numbers over a held-out domain `from` (translated by `there`, brought back by
 * `back`), compared with the other domain `to`: mean |back(there(x)) - x| (cycle error), mean
 * |there(x) - x| (how much the translation changes the input; 0 for the identity), and the colour
 * gap of there(x) and of x itself (the identity baseline) to `to`.
 */
async function directionMetrics(there: tf.LayersModel, back: tf.LayersModel, from: ImageDataset, to: ImageDataset) {
  const channels = from.channels;
  const moments = () => ({ sums: new Float64Array(channels), squares: new Float64Array(channels) });
  const [translated, input, target] = [moments(), moments(), moments()];
  const accumulate = async (m: ReturnType<typeof moments>, x: tf.Tensor4D) => {
    const stats = tf.tidy(() => tf.stack([tf.sum(x, [0, 1, 2]), tf.sum(tf.square(x), [0, 1, 2])]));
    const v = await stats.data();
    stats.dispose();
    for (let c = 0; c < channels; c++) {
      m.sums[c]! += v[c]!;
      m.squares[c]! += v[channels + c]!;
    }
  };
  let cycle = 0;
  let change = 0;
  for (let start = 0; start < from.count; start += evalBatch) {
    const x = datasetSlice(from, start, evalBatch);
    const y = run(there, x);
    const z = run(back, y);
    const sums = tf.tidy(() => tf.stack([tf.sum(tf.abs(tf.sub(z, x))), tf.sum(tf.abs(tf.sub(y, x)))]));
    const [c, d] = await sums.data();
    cycle += c!;
    change += d!;
    await accumulate(translated, y);
    await accumulate(input, x);
    tf.dispose([x, y, z, sums]);
  }
  for (let start = 0; start < to.count; start += evalBatch) {
    const t = datasetSlice(to, start, evalBatch);
    await accumulate(target, t);
    t.dispose();
  }
  const pixels = from.count * from.height * from.width;
  const targetMoments = colourMoments(target.sums, target.squares, to.count * to.height * to.width);
  return {
    cycle: cycle / (pixels * channels),
    change: change / (pixels * channels),
    colourGap: colourGap(colourMoments(translated.sums, translated.squares, pixels), targetMoments),
    colourGapIdentity: colourGap(colourMoments(input.sums, input.squares, pixels), targetMoments),
  };
}

/**
 * Metrics on held-out images of both domains (A = `source`, B = `images`), in [-1, 1]:
 * `cycleA` mean |F(G(A)) - A| and `cycleB` mean |G(F(B)) - B| (the reconstruction error; the
 * identity mapping's is 0, so read them with the next ones); `changeA` mean |G(A) - A| and
 * `changeB` mean |F(B) - B| (0 for the identity: how much the translations change their inputs);
 * `colourGapAB`: how far the colour statistics (per-channel mean and std) of G(A) lie from B's,
 * beside `colourGapABIdentity`, the same for A itself (output = input); `colourGapBA` likewise.
 */
export async function evaluate(nets: Networks, data: TrainingData, _config: CycleganConfig): Promise<Record<string, number>> {
  const { g, f } = generators(nets);
  const { source: a, images: b } = data;
  if (a === undefined) throw new Error('cyclegan evaluates on two domains: A (source) and B (images)');
  const ab = await directionMetrics(g, f, a, b);
  const ba = await directionMetrics(f, g, b, a);
  return {
    imagesA: a.count,
    imagesB: b.count,
    cycleA: ab.cycle,
    cycleB: ba.cycle,
    changeA: ab.change,
    changeB: ba.change,
    colourGapAB: ab.colourGap,
    colourGapABIdentity: ab.colourGapIdentity,
    colourGapBA: ba.colourGap,
    colourGapBAIdentity: ba.colourGapIdentity,
  };
}
