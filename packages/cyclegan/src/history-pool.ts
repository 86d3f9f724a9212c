/**
 * The history pools of Shrivastava et al. 2017 as CycleGAN uses them (junyanz's ImagePool): each
 * discriminator sees generated images drawn from the last `poolSize` generated ones rather than only
 * the newest. While a pool fills, every new image goes in and is returned; once full, each new
 * image is, with probability ½, swapped with a random stored one (the stored one is returned), or
 * else returned as it is.
 *
 * The pools' contents and fill counts are the non-trainable weights of a small LayersModel, the
 * `pool` network: checkpoints save it with the other networks, so a resumed run continues with the
 * pools a straight run would have. Its layers are never applied; they only hold the state.
 */
import * as tf from '@tensorflow/tfjs';
import { imageShapeOf } from '@ganforge/core';
import type { CycleganConfig } from './config.js';

/** Name of the pool network in the Networks of a CycleGAN. */
export const poolNetworkName = 'pool';
/** The two pools: fakes of domain A (for the discriminator of A) and of domain B. */
export type PoolName = 'fakeA' | 'fakeB';

/**
 * The state of both pools: embedding tables [poolSize, H·W·C] (`fakeA`, `fakeB`, zeros at first)
 * and their fill counts (`filled`, [1, 2]), all non-trainable.
 */
export function createPoolNetwork(config: CycleganConfig): tf.LayersModel {
  const { height, width } = imageShapeOf(config);
  const pixels = height * width * config.channels;
  const index = tf.input({ shape: [1], dtype: 'int32', name: 'pool-index' });
  const table = (name: string, rows: number, columns: number) =>
    tf.layers.embedding({ name, inputDim: rows, outputDim: columns, trainable: false, embeddingsInitializer: 'zeros' }).apply(index) as tf.SymbolicTensor;
  return tf.model({
    name: poolNetworkName,
    inputs: index,
    outputs: [table('fakeA', config.poolSize, pixels), table('fakeB', config.poolSize, pixels), table('filled', 1, 2)],
  });
}

/**
 * Queries pool `name` with a batch of new fakes, updating it as junyanz's ImagePool.query does.
 * @param fakes [N, S, S, C]
 * @param noise [N, 2] uniform in [0, 1): swap (< 0.5 swaps), which stored image (seeded by the caller).
 * @returns the batch D should see, [N, S, S, C]. Caller disposes `fakes`, `noise` and the result.
 */
export async function queryPool(pool: tf.LayersModel, name: PoolName, fakes: tf.Tensor4D, noise: tf.Tensor2D): Promise<tf.Tensor4D> {
  const [n, height, width, channels] = fakes.shape;
  const images = pool.getLayer(name).weights[0]!;
  const filledWeight = pool.getLayer('filled').weights[0]!;
  const size = images.shape[0]!;
  const counts = await filledWeight.read().data();
  const slot = name === 'fakeA' ? 0 : 1;
  let filled = counts[slot]!;
  const u = await noise.data();
  const result = tf.tidy(() => {
    const rows = tf.reshape(fakes, [n, height * width * channels]); // [N, H·W·C]
    let table = images.read(); // [poolSize, H·W·C]
    const out: tf.Tensor[] = [];
    for (let i = 0; i < n; i++) {
      const row = tf.slice(rows, [i, 0], [1, -1]);
      let target: number | undefined;
      if (filled < size) {
        target = filled;
        filled += 1;
        out.push(row);
      } else if (u[2 * i]! < 0.5) {
        target = Math.min(size - 1, Math.floor(u[2 * i + 1]! * size));
        out.push(tf.slice(table, [target, 0], [1, -1]));
      } else {
        out.push(row);
      }
      if (target !== undefined) {
        const mask = tf.reshape(tf.oneHot(tf.tensor1d([target], 'int32'), size), [size, 1]); // [poolSize, 1]
        table = tf.add(table, tf.mul(mask, tf.sub(row, table))); // row `target` <- the new fake
      }
    }
    images.write(table);
    return tf.reshape(tf.concat(out, 0), [n, height, width, channels]) as tf.Tensor4D;
  });
  const newCounts = Float32Array.from(counts);
  newCounts[slot] = filled;
  tf.tidy(() => {
    filledWeight.write(tf.tensor2d(newCounts, [1, 2]));
  });
  return result;
}
