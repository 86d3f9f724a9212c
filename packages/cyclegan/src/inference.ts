import * as tf from '@tensorflow/tfjs';
import type { Networks, RealBatch } from '@ganforge/core';
import type { CycleganConfig } from './config.js';

/** A network in inference mode (instance norm is the same in both modes). Caller disposes. */
export const run = (net: tf.LayersModel, x: tf.Tensor4D): tf.Tensor4D => net.apply(x, { training: false }) as tf.Tensor4D;

/** The two generators, checked. */
export function generators(nets: Networks): { g: tf.LayersModel; f: tf.LayersModel } {
  if (!nets.generatorBA) throw new Error('a CycleGAN has two generators: generator (A -> B) and generatorBA (B -> A); generatorBA is missing');
  return { g: nets.generator, f: nets.generatorBA };
}

/** The run's sample grid: rows A | G(A) | F(G(A)) for the batch's A images, then B | F(B) | G(F(B)) for its B images. */
export function sampleGrid(nets: Networks, batch: RealBatch, _config: CycleganConfig): { images: tf.Tensor4D; columns: number } {
  const { g, f } = generators(nets);
  const a = batch.source;
  if (a === undefined) throw new Error('cyclegan sample grids need two domains (source images)');
  const images = tf.tidy(() => {
    const rows = (x: tf.Tensor4D, there: tf.LayersModel, back: tf.LayersModel) => {
      const y = run(there, x);
      return tf.stack([x, y, run(back, y)], 1); // [N, 3, S, S, C]
    };
    const [n, h, w, c] = a.shape;
    const both = tf.concat([rows(a, g, f), rows(batch.images, f, g)], 0);
    return tf.reshape(both, [3 * (n + batch.images.shape[0]), h, w, c]) as tf.Tensor4D;
  });
  return { images, columns: 3 };
}

/** `ganforge translate`: AtoB takes images of the data's domain A through the generator that maps A to B (the other way for BtoA). */
export function translate(nets: Networks, images: tf.Tensor4D, direction: 'AtoB' | 'BtoA', config: CycleganConfig): tf.Tensor4D {
  const { g, f } = generators(nets);
  return run(direction === config.direction ? g : f, images);
}
