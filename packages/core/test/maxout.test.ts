import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { Maxout, maxout } from '../src/layers/index.js';
import { closeTo, roundTrip, values } from './karras-fixtures.js';

/** The reshape-and-reduce form of maxout: [N, pieces·units] -> [N, pieces, units] -> max over pieces. */
const reference = (x: tf.Tensor2D, pieces: number) => tf.max(tf.reshape(x, [x.shape[0], pieces, x.shape[1] / pieces]), 1);

describe('Maxout', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('takes the largest piece of each unit, piece p of unit u at p·units + u: hand values', async () => {
    const before = tf.memory().numTensors;
    // 2 units, 3 pieces: unit 0's pieces are columns 0, 2, 4; unit 1's are 1, 3, 5.
    const x = tf.tensor2d([[1, -5, 7, 2, 3, 0], [-1, -2, -3, -4, -5, -6]]);
    const y = maxout(x, 3);
    expect(y.shape).toEqual([2, 2]);
    expect(await values(y)).toEqual([7, 2, -1, -2]);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => maxout(tf.zeros([1, 5]), 2)).toThrow(/divisible into 2 pieces; got 5 features/);
    expect(() => new Maxout({ pieces: 0 })).toThrow(/pieces must be a positive integer, got 0/);
  });

  it('values and input gradients equal the reshape-and-max form', async () => {
    const x = tf.randomNormal([7, 5 * 6], 0, 1, 'float32', 3) as tf.Tensor2D;
    const dy = tf.randomNormal([7, 6], 0, 1, 'float32', 4);
    const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(maxout(t, 5), dy)))(x);
    const theirs = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(reference(t as tf.Tensor2D, 5), dy)))(x);
    const [a, b] = [maxout(x, 5), reference(x, 5)];
    expect(closeTo(await values(a), await values(b), 0)).toBe(true);
    expect(closeTo(await values(ours), await values(theirs), 1e-6)).toBe(true);
    expect((await values(ours)).filter((v) => v !== 0)).toHaveLength(7 * 6); // one piece per unit gets dy
    tf.dispose([x, dy, ours, theirs, a, b]);
  });

  it('survives a save/load round trip in a model', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 8 }), new Maxout({ pieces: 4 })] });
    expect(model.outputs[0]!.shape).toEqual([null, 2]);
    const loaded = await roundTrip(model);
    expect(loaded.layers[1]).toBeInstanceOf(Maxout);
    expect((loaded.layers[1] as Maxout).pieces).toBe(4);
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 1);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(await values(b)).toEqual(await values(a));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
