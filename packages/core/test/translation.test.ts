// Shared image-to-image pieces: GAN criterion, linear learning-rate decay, random jitter, ordered slices.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { datasetSlice, randomJitter, type ImageDataset } from '../src/data/index.js';
import { ganCriterion, translationDiscriminatorLoss } from '../src/losses/index.js';
import { Adam, applyLinearDecay, linearDecayFactor } from '../src/optim/index.js';

const scalar = async (t: tf.Tensor) => {
  const v = (await t.data())[0]!;
  t.dispose();
  return v;
};

describe('image-to-image training pieces', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('GAN criterion: BCE with logits and MSE against real/fake targets (hand-computed)', async () => {
    const logits = tf.tensor1d([0, 2]);
    const softplus = (x: number) => Math.log1p(Math.exp(x));
    expect(await scalar(ganCriterion('non-saturating', logits, true))).toBeCloseTo((softplus(0) + softplus(-2)) / 2, 6);
    expect(await scalar(ganCriterion('non-saturating', logits, false))).toBeCloseTo((softplus(0) + softplus(2)) / 2, 6);
    expect(await scalar(ganCriterion('least-squares', logits, true))).toBeCloseTo(1, 6); // ((-1)² + 1²) / 2
    expect(await scalar(ganCriterion('least-squares', logits, false))).toBeCloseTo(2, 6); // (0 + 4) / 2
    const fake = tf.tensor1d([-1]);
    expect(await scalar(translationDiscriminatorLoss('least-squares', logits, fake))).toBeCloseTo(0.5 * (1 + 1), 6);
    tf.dispose([logits, fake]);
  });

  it('linear decay: constant, then falling by 1/(decay + 1) a step, never below 0; sets both optimizers', () => {
    expect([0, 1, 2].map((t) => linearDecayFactor(t, 3, 4))).toEqual([1, 1, 1]);
    expect(linearDecayFactor(3, 3, 4)).toBeCloseTo(0.8, 10);
    expect(linearDecayFactor(6, 3, 4)).toBeCloseTo(0.2, 10);
    expect(linearDecayFactor(7, 3, 4)).toBe(0);
    expect(linearDecayFactor(99, 3, 4)).toBe(0);
    expect(linearDecayFactor(1e6, 0, 0)).toBe(1);
    const w = tf.variable(tf.zeros([1]));
    const optimizers = { generator: new Adam([w], { learningRate: 1, beta1: 0.5, beta2: 0.9 }), discriminator: new Adam([w], { learningRate: 1, beta1: 0.5, beta2: 0.9 }) };
    expect(applyLinearDecay(optimizers, { lrG: 2e-4, lrD: 1e-4, lrConstantSteps: 3, lrDecaySteps: 4 }, 6)).toBeCloseTo(0.2, 10);
    expect(optimizers.generator.options.learningRate).toBeCloseTo(4e-5, 12);
    expect(optimizers.discriminator.options.learningRate).toBeCloseTo(2e-5, 12);
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    w.dispose();
  });

  it('random jitter crops the resized image at whole-pixel offsets and mirrors where the noise says, without leaks', async () => {
    // [2, 4, 4, 2]: distinct values everywhere.
    const images = tf.tensor4d(Array.from({ length: 64 }, (_, i) => Math.sin(i) + i / 10), [2, 4, 4, 2]);
    // Image 0: crop at row 2, column 0, no flip; image 1: row 0, column 2 (max), flip.
    const noise = tf.tensor2d([[0.7, 0.1, 0.9], [0.2, 0.99, 0.1]]);
    const before = tf.memory().numTensors;
    const out = await randomJitter(images, noise, { loadScale: 1.5, flip: true }); // L = 6, offsets in 0..2
    expect(out.shape).toEqual([2, 4, 4, 2]);
    const expected = tf.tidy(() => {
      const resized = tf.image.resizeBilinear(images, [6, 6], false, true);
      const first = tf.slice(resized, [0, 2, 0, 0], [1, 4, 4, 2]);
      const second = tf.reverse(tf.slice(resized, [1, 0, 2, 0], [1, 4, 4, 2]), 2);
      return tf.concat([first, second], 0);
    });
    const [got, want] = [await out.data(), await expected.data()];
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 4);
    tf.dispose([out, expected]);
    expect(tf.memory().numTensors).toBe(before);

    // No jitter, flip only: exact mirror of image 1, image 0 untouched.
    const flipped = await randomJitter(images, noise, { loadScale: 1, flip: true });
    const mirror = tf.tidy(() => tf.concat([tf.slice(images, [0, 0, 0, 0], [1, 4, 4, 2]), tf.reverse(tf.slice(images, [1, 0, 0, 0], [1, 4, 4, 2]), 2)], 0));
    expect(Array.from(await flipped.data())).toEqual(Array.from(await mirror.data()));
    const none = await randomJitter(images, noise, { loadScale: 1, flip: false });
    expect(Array.from(await none.data())).toEqual(Array.from(await images.data()));
    await expect(randomJitter(images, noise, { loadScale: 0.5, flip: false })).rejects.toThrow(/loadScale must be 1 or more/);
    tf.dispose([images, noise, flipped, mirror, none]);
  });

  it('random jitter of non-square images scales both sides and crops back to H x W', async () => {
    const images = tf.tensor4d(Array.from({ length: 32 }, (_, i) => Math.cos(i) + i / 7), [1, 4, 8, 1]);
    const noise = tf.tensor2d([[0.99, 0.99, 0.9]]); // the last offsets: row 2, column 4
    const out = await randomJitter(images, noise, { loadScale: 1.5, flip: false }); // 6 x 12
    const expected = tf.tidy(() => tf.slice(tf.image.resizeBilinear(images, [6, 12], false, true), [0, 2, 4, 0], [1, 4, 8, 1]));
    expect(out.shape).toEqual([1, 4, 8, 1]);
    const [got, want] = [await out.data(), await expected.data()];
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 4);
    tf.dispose([images, noise, out, expected]);
  });

  it('slices a dataset in order, in [-1, 1]', async () => {
    const dataset: ImageDataset = {
      name: 'bytes', count: 3, height: 1, width: 2, channels: 1,
      images: Uint8Array.from([0, 255, 51, 102, 153, 204]), labels: new Int32Array(3), classNames: [],
    };
    const tail = datasetSlice(dataset, 1, 5);
    expect(tail.shape).toEqual([2, 1, 2, 1]);
    const values = Array.from(await tail.data());
    [51, 102, 153, 204].forEach((v, i) => expect(values[i]).toBeCloseTo(v / 127.5 - 1, 6));
    tail.dispose();
  });
});
