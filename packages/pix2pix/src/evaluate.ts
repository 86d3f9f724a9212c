import * as tf from '@tensorflow/tfjs';
import type { Networks } from '@ganforge/core';
import { datasetSlice, type TrainingData } from '@ganforge/core/data';
import { psnrPerImage, ssimPerImage, toUnitRange } from '@ganforge/core/metrics';
import type { Pix2pixConfig } from './config.js';
import { translateInputs } from './inference.js';

/** Held-out pairs per forward pass in `evaluate`. */
const evalBatch = 16;

/**
 * Metrics on held-out pairs, each beside its trivial baseline "output = input" (`*Identity`):
 * `l1` mean |G(A) - B| in [-1, 1]; `psnr` (dB) and `ssim` per image on [0, 1], averaged; `pairs`.
 */
export async function evaluate(nets: Networks, data: TrainingData, _config: Pix2pixConfig): Promise<Record<string, number>> {
  const { source, images: targets } = data;
  if (source === undefined || !data.paired) throw new Error('pix2pix evaluates on paired data: inputs (source) and their targets');
  let l1Sum = 0;
  let l1IdentitySum = 0;
  const scores = { psnr: [] as number[], ssim: [] as number[], psnrIdentity: [] as number[], ssimIdentity: [] as number[] };
  for (let start = 0; start < targets.count; start += evalBatch) {
    const a = datasetSlice(source, start, evalBatch);
    const b = datasetSlice(targets, start, evalBatch);
    const fake = translateInputs(nets.generator, a);
    const sums = tf.tidy(() => tf.stack([tf.sum(tf.abs(tf.sub(fake, b))), tf.sum(tf.abs(tf.sub(a, b)))]));
    const [l1, l1Identity] = await sums.data();
    l1Sum += l1!;
    l1IdentitySum += l1Identity!;
    const [unitFake, unitA, unitB] = [toUnitRange(fake), toUnitRange(a), toUnitRange(b)];
    scores.psnr.push(...(await psnrPerImage(unitFake, unitB)));
    scores.ssim.push(...(await ssimPerImage(unitFake, unitB)));
    scores.psnrIdentity.push(...(await psnrPerImage(unitA, unitB)));
    scores.ssimIdentity.push(...(await ssimPerImage(unitA, unitB)));
    tf.dispose([a, b, fake, sums, unitFake, unitA, unitB]);
  }
  const values = targets.count * targets.height * targets.width * targets.channels;
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  return {
    pairs: targets.count,
    l1: l1Sum / values,
    l1Identity: l1IdentitySum / values,
    psnr: mean(scores.psnr),
    psnrIdentity: mean(scores.psnrIdentity),
    ssim: mean(scores.ssim),
    ssimIdentity: mean(scores.ssimIdentity),
  };
}
