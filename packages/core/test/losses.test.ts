// Loss values against hand-computed ones, for logits real = [2, -1], fake = [0.5, -3].
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';
import {
  adversarialLosses,
  gradientPenalty,
  hingeDiscriminatorLoss,
  leastSquaresDiscriminatorLoss,
  leastSquaresGeneratorLoss,
  minimaxDiscriminatorLoss,
  minimaxGeneratorLoss,
  nonSaturatingGeneratorLoss,
  wassersteinDiscriminatorLoss,
  wassersteinGeneratorLoss,
} from '../src/losses/adversarial.js';
import { l1Loss, l2Loss } from '../src/losses/reconstruction.js';

const softplus = (x: number) => Math.log1p(Math.exp(x));
const mean = (...v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('losses', () => {
  let real: tf.Tensor;
  let fake: tf.Tensor;
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
    real = tf.tensor([2, -1]);
    fake = tf.tensor([0.5, -3]);
  });
  const value = async (t: tf.Scalar) => {
    const v = (await t.data())[0]!;
    t.dispose();
    return v;
  };

  it.each([
    ['minimax D', () => minimaxDiscriminatorLoss(real, fake), mean(softplus(-2), softplus(1)) + mean(softplus(0.5), softplus(-3))],
    ['minimax G (saturating)', () => minimaxGeneratorLoss(fake), -mean(softplus(0.5), softplus(-3))],
    ['non-saturating G', () => nonSaturatingGeneratorLoss(fake), mean(softplus(-0.5), softplus(3))],
    ['wasserstein D', () => wassersteinDiscriminatorLoss(real, fake), -1.25 - 0.5],
    ['wasserstein G', () => wassersteinGeneratorLoss(fake), 1.25],
    ['hinge D', () => hingeDiscriminatorLoss(real, fake), mean(0, 2) + mean(1.5, 0)],
    ['least-squares D', () => leastSquaresDiscriminatorLoss(real, fake), 0.5 * (mean(1, 4) + mean(0.25, 9))],
    ['least-squares G', () => leastSquaresGeneratorLoss(fake), 0.5 * mean(0.25, 16)],
    ['L1', () => l1Loss(tf.tensor([1, 2]), tf.tensor([0, 4])), 1.5],
    ['L2', () => l2Loss(tf.tensor([1, 2]), tf.tensor([0, 4])), 2.5],
  ])('%s', async (_name, loss, expected) => {
    expect(await value(loss())).toBeCloseTo(expected, 5);
  });

  it('pairs every named objective with its D and G losses', () => {
    expect(adversarialLosses.hinge.g).toBe(wassersteinGeneratorLoss);
    expect(adversarialLosses['non-saturating'].d).toBe(minimaxDiscriminatorLoss);
    expect(adversarialLosses['non-saturating'].g).toBe(nonSaturatingGeneratorLoss);
  });

  it('gradient penalty of a linear critic is (‖w‖ - 1)²', async () => {
    const before = tf.memory().numTensors;
    const w = tf.tensor4d([0, 2, 0, 2, 0, 1, 0, 0], [1, 2, 2, 2]); // ‖w‖ = 3
    const critic = (x: tf.Tensor4D) => tf.sum(tf.mul(x, w), [1, 2, 3]);
    const real = tf.randomNormal([3, 2, 2, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    const fake = tf.randomNormal([3, 2, 2, 2], 0, 1, 'float32', 2) as tf.Tensor4D;
    const alpha = tf.randomUniform([3, 1, 1, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    expect(await value(gradientPenalty(critic, real, fake, alpha))).toBeCloseTo(4, 4);
    tf.dispose([w, real, fake, alpha]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('losses leave no tensors behind', () => {
    const before = tf.memory().numTensors;
    for (const { d, g } of Object.values(adversarialLosses)) {
      d(real, fake).dispose();
      g(fake).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
