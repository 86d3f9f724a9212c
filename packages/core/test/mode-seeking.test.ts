// MSGAN's mode-seeking term: its value and gradient by hand and by finite differences, 1/ε for a
// collapsed pair, and adversarialStep adding exactly λ·∂L_ms to G's gradients (nothing to D's).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';
import type { AdversarialHyperparameters, ModeSeekingHyperparameters, RealBatch, TrainHyperparameters } from '../src/family/architecture.js';
import { modeSeekingEpsilon, modeSeekingLoss } from '../src/losses/mode-seeking.js';
import { rngStreams } from '../src/random/rng.js';
import { adversarialStep } from '../src/train/adversarial-step.js';
import { seededContext } from '../src/train/context.js';
import { capturingOptimizer, readCaptured } from './captured-gradients.js';

describe('modeSeekingLoss', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  // A = [1, 2, 3, 4], B = [2, 2, 5, 4]: mean|A - B| = (1 + 0 + 2 + 0) / 4 = 0.75; z: mean|[0, 0] - [1, -2]| = 1.5.
  const a = [1, 2, 3, 4];
  const b = [2, 2, 5, 4];
  const codes = (): [tf.Tensor, tf.Tensor] => [tf.tensor2d([[0, 0]]), tf.tensor2d([[1, -2]])];

  it('is 1 / (mean|A - B| / mean|z₁ - z₂| + ε), and 1/ε when the two images are the same', async () => {
    const [z1, z2] = codes();
    const value = modeSeekingLoss(tf.tensor1d(a), tf.tensor1d(b), z1, z2);
    expect((await value.data())[0]).toBeCloseTo(1 / (0.75 / 1.5 + modeSeekingEpsilon), 5);
    const collapsed = modeSeekingLoss(tf.tensor1d(a), tf.tensor1d(a), z1, z2);
    expect((await collapsed.data())[0]).toBeCloseTo(1 / modeSeekingEpsilon, 0);
    tf.dispose([z1, z2, value, collapsed]);
  });

  it('its gradient in A is -sign(A - B) / (n·mean|Δz|·(r + ε)²), as finite differences give, with no leaks', async () => {
    const before = tf.memory().numTensors;
    const [z1, z2] = codes();
    const B = tf.tensor1d(b);
    const loss = async (values: number[]) => {
      const value = tf.tidy(() => modeSeekingLoss(tf.tensor1d(values), B, z1, z2));
      const [number] = await value.data();
      value.dispose();
      return number!;
    };
    const A = tf.tensor1d(a);
    const grad = tf.grad((x: tf.Tensor) => modeSeekingLoss(x, B, z1, z2))(A);
    const analytic = await grad.data();
    const r = 0.75 / 1.5;
    const byHand = a.map((v, i) => -Math.sign(v - b[i]!) / (4 * 1.5 * (r + modeSeekingEpsilon) ** 2));
    const h = 1e-2;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue; // |x| has no derivative at 0 (tfjs takes -1 there)
      expect(analytic[i]).toBeCloseTo(byHand[i]!, 4);
      const up = a.map((v, j) => (j === i ? v + h : v));
      const down = a.map((v, j) => (j === i ? v - h : v));
      expect(analytic[i]).toBeCloseTo(((await loss(up)) - (await loss(down))) / (2 * h), 2);
    }
    tf.dispose([z1, z2, A, B, grad]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('adversarialStep with modeSeeking', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it("adds λ·∂L_ms over the first half of G's batch and a second-codes pass to G's gradients, and nothing to D's", async () => {
    type Config = TrainHyperparameters & AdversarialHyperparameters & ModeSeekingHyperparameters;
    const config: Config = { batchSize: 6, dSteps: 1, lrG: 1e-3, lrD: 1e-3, beta1: 0.5, beta2: 0.999, ema: 0, loss: 'non-saturating', gpWeight: 10, modeSeeking: 0 };
    const generator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, kernelInitializer: 'glorotNormal' })] });
    const discriminator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, kernelInitializer: 'glorotNormal' })] });
    const nextBatch = (): RealBatch => tf.tidy(() => ({ images: tf.randomNormal([6, 1, 1, 2], 0, 1, 'float32', 3) as tf.Tensor4D, labels: tf.zeros([6], 'int32') as tf.Tensor1D }));
    const generate = (z: tf.Tensor2D) => tf.reshape(generator.apply(z) as tf.Tensor, [-1, 1, 1, 2]) as tf.Tensor4D;
    const step = async (modeSeeking: number) => {
      const kept = { g: {} as Record<string, tf.Tensor>, d: {} as Record<string, tf.Tensor> };
      const ctx = seededContext({ config: { ...config, modeSeeking }, nets: { generator, discriminator }, optimizers: { generator: capturingOptimizer(kept.g), discriminator: capturingOptimizer(kept.d) }, step: 0, nextBatch }, 5);
      const before = tf.memory().numTensors;
      await adversarialStep(ctx, {
        latentDim: 3,
        generate: (z) => generate(z),
        discriminate: (x) => discriminator.apply(tf.reshape(x, [-1, 2])) as tf.Tensor,
      });
      const grads = { g: await readCaptured(kept.g), d: await readCaptured(kept.d) };
      expect(tf.memory().numTensors).toBe(before);
      return { grads, ctx };
    };
    const lambda = 0.7;
    const plain = await step(0);
    const seeking = await step(lambda);
    // The term by hand: G's batch codes (dNoise, update dSteps - 1) and the second codes (modeSeeking stream).
    const z = seeking.ctx.normal([6, 3], rngStreams.dNoise, 0) as tf.Tensor2D;
    const second = seeking.ctx.normal([3, 3], rngStreams.modeSeeking) as tf.Tensor2D;
    const firstHalf = tf.slice(z, 0, 3);
    const expected = tf.variableGrads(
      () => tf.mul(lambda, modeSeekingLoss(generate(firstHalf), generate(second), firstHalf, second)) as tf.Scalar,
      generator.trainableWeights.map((w) => w.read() as tf.Variable),
    );
    let largest = 0;
    for (const [name, grad] of Object.entries(expected.grads)) {
      const values = await grad.data();
      values.forEach((v, i) => {
        largest = Math.max(largest, Math.abs(v));
        expect(seeking.grads.g[name]![i]! - plain.grads.g[name]![i]!).toBeCloseTo(v, 4);
      });
    }
    expect(largest).toBeGreaterThan(1e-3); // the term really moves G
    for (const name of Object.keys(plain.grads.d)) expect(Array.from(seeking.grads.d[name]!)).toEqual(Array.from(plain.grads.d[name]!));
    tf.dispose([z, second, firstHalf, expected.value, ...Object.values(expected.grads)]);
    generator.dispose();
    discriminator.dispose();
  });
});
