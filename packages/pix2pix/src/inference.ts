import * as tf from '@tensorflow/tfjs';
import { ConfigError, type Networks, type RealBatch } from '@ganforge/core';
import type { Pix2pixConfig } from './config.js';

/**
 * G(inputs) in inference mode: batch norm with its running statistics, no dropout (junyanz's
 * `--eval`; the paper instead ran G as in training at test time). Caller disposes.
 */
export const translateInputs = (generator: tf.LayersModel, inputs: tf.Tensor4D): tf.Tensor4D =>
  generator.apply(inputs, { training: false }) as tf.Tensor4D;

/** The run's sample grid: one row per example, input | output | target. */
export function sampleGrid(nets: Networks, batch: RealBatch, _config: Pix2pixConfig): { images: tf.Tensor4D; columns: number } {
  if (batch.source === undefined) throw new Error('pix2pix sample grids need paired data (source images)');
  const source = batch.source;
  const images = tf.tidy(() => {
    const fake = translateInputs(nets.generator, source);
    const [n, h, w, c] = fake.shape;
    return tf.reshape(tf.stack([source, fake, batch.images], 1), [3 * n, h, w, c]) as tf.Tensor4D; // [A0, G(A0), B0, A1, ...]
  });
  return { images, columns: 3 };
}

/** `ganforge translate`: the run's own direction only (its generator maps one way). */
export function translate(nets: Networks, images: tf.Tensor4D, direction: 'AtoB' | 'BtoA', config: Pix2pixConfig): tf.Tensor4D {
  if (direction !== config.direction) {
    throw new ConfigError(
      `this pix2pix run was trained ${config.direction} and translates only that way (its generator maps ${config.direction === 'AtoB' ? 'A to B' : 'B to A'}); pass --direction ${config.direction}`,
    );
  }
  return translateInputs(nets.generator, images);
}
