import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { MinibatchStddev, minibatchStddev } from '../src/layers/index.js';
import { closeTo, roundTrip, values } from './karras-fixtures.js';

// Four 1x1 images of 2 channels. With groups of 2, example n is in group n mod 2 (the reference's
// x.view(G, -1, ...)): {0, 2} and {1, 3}.
const examples = [[1, 2], [3, 5], [5, 2], [3, 11]];
const s0 = 1e-4; // √(0 + 1e-8): the std of equal values

describe('MinibatchStddev', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('appends the group std averaged over channels: hand values, groups by n mod N/G', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor4d(examples.flat(), [4, 1, 1, 2]);
    const out = minibatchStddev(x, 2);
    expect(out.shape).toEqual([4, 1, 1, 3]);
    // Group {0, 2}: channel stds 2 and 0 -> 1 (+ s0/2); group {1, 3}: stds 0 and 3 -> 1.5.
    const group02 = (2 + s0) / 2;
    const group13 = (s0 + 3) / 2;
    expect(closeTo(await values(out), [1, 2, group02, 3, 5, group13, 5, 2, group02, 3, 11, group13])).toBe(true);
    // Two statistics: one per channel slice.
    const two = minibatchStddev(x, 2, 2);
    expect(closeTo(await values(two), [1, 2, 2, s0, 3, 5, s0, 3, 5, 2, 2, s0, 3, 11, s0, 3])).toBe(true);
    tf.dispose([x, out, two]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('averages over pixels, uses the whole batch when it is smaller than the group, and a divisor of an indivisible batch', async () => {
    // Two examples of 1x2 pixels, 1 channel: stds per pixel |a - b|/2 = 1 and 3 -> 2.
    const x = tf.tensor4d([0, 0, 2, 6], [2, 1, 2, 1]);
    const out = new MinibatchStddev({ groupSize: 4 }).apply(x) as tf.Tensor;
    expect(closeTo(await values(out), [0, 2, 0, 2, 2, 2, 6, 2])).toBe(true);
    // Six examples with group size 4: groups of 3, {0, 2, 4} and {1, 3, 5}: stds of (0, 3, 6) and (1, 1, 1).
    const six = tf.tensor4d([0, 1, 3, 1, 6, 1], [6, 1, 1, 1]);
    const sixOut = minibatchStddev(six, 4);
    const std036 = Math.sqrt(6 + 1e-8);
    expect(closeTo(await values(sixOut), [0, std036, 1, s0, 3, std036, 1, s0, 6, std036, 1, s0])).toBe(true);
    tf.dispose([x, out, six, sixOut]);
  });

  it('survives a save/load round trip in a model', async () => {
    const model = tf.sequential({ layers: [new MinibatchStddev({ inputShape: [2, 2, 4], groupSize: 2, numChannels: 2 })] });
    expect(model.outputs[0]!.shape).toEqual([null, 2, 2, 6]);
    const loaded = await roundTrip(model);
    const x = tf.randomNormal([4, 2, 2, 4], 0, 1, 'float32', 2);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(await values(b)).toEqual(await values(a));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
