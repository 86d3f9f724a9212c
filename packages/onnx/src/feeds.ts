/**
 * Inputs of an exported generator from what tfjs code already makes: a family's latent codes
 * (Architecture.latent / classLatent), split into the ONNX inputs the export declares.
 */
import * as tf from '@tensorflow/tfjs';
import { OnnxError } from '@ganforge/core/onnx';
import type { OnnxModelEntry } from './manifest.js';

/**
 * The feeds of a noise-driven generator for latent codes [N, width]: `z` alone, or `z` and
 * `class` (the index of the one-hot part) for a class-conditional export. Caller disposes them.
 */
export function feedsFromLatent(entry: Pick<OnnxModelEntry, 'inputs'>, latent: tf.Tensor2D): Record<string, tf.Tensor> {
  const names = entry.inputs.map((i) => i.name).join(',');
  if (names === 'z') return { z: tf.clone(latent) };
  if (names === 'z,class') {
    const width = Number(entry.inputs[0]!.shape[1]);
    const [n, total] = latent.shape;
    return tf.tidy(() => ({
      z: tf.slice(latent, [0, 0], [n, width]),
      class: tf.cast(tf.argMax(tf.slice(latent, [0, width], [n, total - width]), 1), 'int32'),
    }));
  }
  throw new OnnxError(`an exported generator with inputs [${names}] is not fed from latent codes`);
}
