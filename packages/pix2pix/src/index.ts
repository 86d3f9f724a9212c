import * as tf from '@tensorflow/tfjs';
import { ConfigError, datasetSlice, psnrPerImage, ssimPerImage, toUnitRange, type Architecture, type Networks, type TrainingData } from '@ganforge/core';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, checkConfig, defaults, fieldDocs, presets, unetDowns, type Pix2pixConfig } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { createGenerator } from './generator.js';
import { trainStep } from './train-step.js';

/** Held-out pairs per forward pass in `evaluate`. */
const evalBatch = 16;

/**
 * G(inputs) in inference mode: batch norm with its running statistics, no dropout (junyanz's
 * `--eval`; the paper instead ran G as in training at test time). Caller disposes.
 */
const translateInputs = (generator: tf.LayersModel, inputs: tf.Tensor4D): tf.Tensor4D =>
  generator.apply(inputs, { training: false }) as tf.Tensor4D;

/**
 * Metrics on held-out pairs, each beside its trivial baseline "output = input" (`*Identity`):
 * `l1` mean |G(A) - B| in [-1, 1]; `psnr` (dB) and `ssim` per image on [0, 1], averaged; `pairs`.
 */
async function evaluate(nets: Networks, data: TrainingData, _config: Pix2pixConfig): Promise<Record<string, number>> {
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

/** pix2pix as core's training loop and the CLI drive it. */
export const pix2pix: Architecture<Pix2pixConfig> & { version: string } = {
  name: 'pix2pix',
  version: packageJson.version,
  description: 'pix2pix (Isola et al. 2017): paired image-to-image translation, U-Net + PatchGAN + L1',
  data: 'paired',
  defaults,
  presets,
  fieldDocs,
  benchmarks,
  fitToData: (config, shape) => {
    if (shape.height !== shape.width) throw new ConfigError(`pix2pix needs square images, got ${shape.height}x${shape.width}`);
    const fitted = { ...config, imageSize: shape.height, channels: shape.channels };
    checkConfig(fitted);
    return fitted;
  },
  build: (config, seed) => ({ generator: createGenerator(config, seed), discriminator: createDiscriminator(config, seed) }),
  trainStep,
  /** One row per example: input | output | target. */
  sampleGrid: (nets, batch, _config) => {
    if (batch.source === undefined) throw new Error('pix2pix sample grids need paired data (source images)');
    const source = batch.source;
    const images = tf.tidy(() => {
      const fake = translateInputs(nets.generator, source);
      const [n, h, w, c] = fake.shape;
      return tf.reshape(tf.stack([source, fake, batch.images], 1), [3 * n, h, w, c]) as tf.Tensor4D; // [A0, G(A0), B0, A1, ...]
    });
    return { images, columns: 3 };
  },
  evaluate,
  translate: (nets, images, direction, config) => {
    if (direction !== config.direction) {
      throw new ConfigError(
        `this pix2pix run was trained ${config.direction} and translates only that way (its generator maps ${config.direction === 'AtoB' ? 'A to B' : 'B to A'}); pass --direction ${config.direction}`,
      );
    }
    return translateInputs(nets.generator, images);
  },
};

export { benchmarks, checkConfig, createDiscriminator, createGenerator, defaults, fieldDocs, presets, trainStep, unetDowns, type Pix2pixConfig };
