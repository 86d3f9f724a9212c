// Top-k training: the kept share's schedule, the k highest logits with TopK's gradient (by hand and
// by finite differences), and adversarialStep giving G the gradient of its loss over the k fakes D
// rates most real (and D the same gradients as without it).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';
import { ConfigError, type AdversarialHyperparameters, type RealBatch, type TopKHyperparameters, type TrainHyperparameters } from '../src/family/architecture.js';
import { nonSaturatingGeneratorLoss } from '../src/losses/adversarial.js';
import { topKLogits, topKShare } from '../src/losses/top-k.js';
import { rngStreams } from '../src/random/rng.js';
import { adversarialStep } from '../src/train/adversarial-step.js';
import { seededContext } from '../src/train/context.js';
import { capturingOptimizer, readCaptured } from './captured-gradients.js';

describe('topKShare', () => {
  it('is max(ν, γ^⌊step / period⌋), 1 when ν is 1', () => {
    expect(topKShare(0, 0.5, 0.9, 20)).toBe(1);
    expect(topKShare(19, 0.5, 0.9, 20)).toBe(1);
    expect(topKShare(45, 0.5, 0.9, 20)).toBeCloseTo(0.81, 10);
    expect(topKShare(10_000, 0.5, 0.9, 20)).toBe(0.5);
    expect(topKShare(10_000, 1, 0.9, 20)).toBe(1);
  });

  it('refuses a share, decay or period out of range with a ConfigError naming the field', () => {
    expect(() => topKShare(0, 0, 0.99, 20)).toThrow(new ConfigError('topK must be a share of the batch in (0, 1] (1 = off), got 0'));
    expect(() => topKShare(0, 0.5, 1.5, 20)).toThrow(/^topKDecay must be in \(0, 1\], got 1.5$/);
    expect(() => topKShare(0, 0.5, 0.99, 2.5)).toThrow(/^topKPeriod must be a whole number of steps/);
  });
});

describe('topKLogits', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  const logits = [0.3, -1, 2, 0.5, -0.2, 1.1];

  it('keeps the ⌈share·N⌉ highest logits as [k, 1], and the logits themselves at share 1', async () => {
    const x = tf.tensor2d(logits, [6, 1]);
    const half = topKLogits(x, 0.5);
    expect(half.shape).toEqual([3, 1]);
    expect(Array.from(await half.data())).toEqual([2, 1.1, 0.5].map(Math.fround));
    expect(topKLogits(x, 0.4).shape).toEqual([3, 1]); // ⌈2.4⌉
    expect(topKLogits(x, 1)).toBe(x);
    tf.dispose([x, half]);
  });

  it("G's loss over them has the gradient of the kept logits only, as finite differences give, with no leaks", async () => {
    const before = tf.memory().numTensors;
    const loss = (x: tf.Tensor) => nonSaturatingGeneratorLoss(topKLogits(x, 0.5));
    const x = tf.tensor1d(logits);
    const grad = tf.grad(loss)(x);
    const analytic = await grad.data();
    // softplus(-l) averaged over the 3 kept: -σ(-l) / 3 at the kept positions 2, 5, 3, 0 elsewhere.
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    const byHand = logits.map((l, i) => ([2, 5, 3].includes(i) ? -sigmoid(-l) / 3 : 0));
    const h = 1e-2;
    const value = async (values: number[]) => {
      const t = tf.tidy(() => loss(tf.tensor1d(values)));
      const [number] = await t.data();
      t.dispose();
      return number!;
    };
    for (let i = 0; i < logits.length; i++) {
      expect(analytic[i]).toBeCloseTo(byHand[i]!, 5);
      const up = logits.map((v, j) => (j === i ? v + h : v));
      const down = logits.map((v, j) => (j === i ? v - h : v));
      expect(analytic[i]).toBeCloseTo(((await value(up)) - (await value(down))) / (2 * h), 3);
    }
    tf.dispose([x, grad]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('adversarialStep with topK', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it("gives G the gradient of its loss over the fakes D rates highest, and D the same gradients as without it", async () => {
    type Config = TrainHyperparameters & AdversarialHyperparameters & TopKHyperparameters;
    const config: Config = { batchSize: 6, dSteps: 1, lrG: 1e-3, lrD: 1e-3, beta1: 0.5, beta2: 0.999, ema: 0, loss: 'non-saturating', gpWeight: 10, topK: 1, topKDecay: 0.5, topKPeriod: 1 };
    const generator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, kernelInitializer: 'glorotNormal' })] });
    const discriminator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 4, activation: 'tanh', kernelInitializer: 'glorotNormal' }), tf.layers.dense({ units: 1 })] });
    const nextBatch = (): RealBatch => tf.tidy(() => ({ images: tf.randomNormal([6, 1, 1, 2], 0, 1, 'float32', 3) as tf.Tensor4D, labels: tf.zeros([6], 'int32') as tf.Tensor1D }));
    const generate = (z: tf.Tensor2D) => tf.reshape(generator.apply(z) as tf.Tensor, [-1, 1, 1, 2]) as tf.Tensor4D;
    const discriminate = (x: tf.Tensor) => discriminator.apply(tf.reshape(x, [-1, 2])) as tf.Tensor;
    // At step 3 the share is max(ν, 0.5³): ν = 0.5 keeps 3 of the 6 fakes.
    const step = async (topK: number) => {
      const kept = { g: {} as Record<string, tf.Tensor>, d: {} as Record<string, tf.Tensor> };
      const ctx = seededContext({ config: { ...config, topK }, nets: { generator, discriminator }, optimizers: { generator: capturingOptimizer(kept.g), discriminator: capturingOptimizer(kept.d) }, step: 3, nextBatch }, 5);
      const before = tf.memory().numTensors;
      await adversarialStep(ctx, { latentDim: 3, generate: (z) => generate(z), discriminate });
      const grads = { g: await readCaptured(kept.g), d: await readCaptured(kept.d) };
      expect(tf.memory().numTensors).toBe(before);
      return { grads, ctx };
    };
    const all = await step(1);
    const topHalf = await step(0.5);
    // G's fakes are those of the (only) D update: codes of dNoise, index 0. The loss by hand over
    // the 3 highest logits, found by reading them (no TopK involved).
    const z = topHalf.ctx.normal([6, 3], rngStreams.dNoise, 0) as tf.Tensor2D;
    const scores = Array.from(await tf.tidy(() => discriminate(generate(z))).data());
    const kept = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, i]) => i);
    const mask = tf.tensor2d(scores.map((_, i) => (kept.includes(i) ? 1 : 0)), [6, 1]);
    const weights = generator.trainableWeights.map((w) => w.read() as tf.Variable);
    const expected = tf.variableGrads(() => tf.div(tf.sum(tf.mul(tf.softplus(tf.neg(discriminate(generate(z)))), mask)), 3) as tf.Scalar, weights);
    let differs = 0;
    for (const [name, grad] of Object.entries(expected.grads)) {
      const values = Array.from(await grad.data());
      values.forEach((v, i) => expect(topHalf.grads.g[name]![i]!).toBeCloseTo(v, 5));
      values.forEach((v, i) => (differs = Math.max(differs, Math.abs(all.grads.g[name]![i]! - v))));
    }
    expect(differs).toBeGreaterThan(1e-3); // keeping all 6 is a different gradient
    expect(topHalf.grads.d).toEqual(all.grads.d);
    tf.dispose([z, mask, expected.value, ...Object.values(expected.grads)]);
    generator.dispose();
    discriminator.dispose();
  });
});
