// The shared D-then-G step's R1 option: for a linear critic D(x) = w·x + b, ‖∇ₓD‖² = ‖w‖², so
// γ/2·R1 adds exactly γ·w to the gradient of D's kernel and nothing to its bias or to G.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/init.js';
import type { Adam } from '../src/optim/adam.js';
import { adversarialStep } from '../src/train/adversarial-step.js';
import type { AdversarialHyperparameters, RealBatch, TrainHyperparameters } from '../src/family/architecture.js';
import { seededContext } from '../src/train/context.js';
import { adversarialLosses } from '../src/losses/adversarial.js';
import { rngStreams } from '../src/random/rng.js';

const config: TrainHyperparameters & AdversarialHyperparameters = { batchSize: 6, dSteps: 1, lrG: 1e-3, lrD: 1e-3, beta1: 0.5, beta2: 0.999, ema: 0, loss: 'non-saturating', gpWeight: 10 };

/** An optimizer stand-in that keeps copies of the gradients it is given instead of applying them. */
function capturing(): { optimizer: Adam; grads: Record<string, tf.Tensor> } {
  const grads: Record<string, tf.Tensor> = {};
  const optimizer = {
    apply: (g: Record<string, tf.Tensor>) => {
      // Kept: G's update runs the last D update inside its own tape, whose scope frees the rest.
      for (const [name, t] of Object.entries(g)) grads[name] = tf.keep(tf.clone(t));
    },
  } as unknown as Adam;
  return { optimizer, grads };
}

/** The captured gradients as arrays; frees the copies. */
async function read(grads: Record<string, tf.Tensor>): Promise<Record<string, Float32Array>> {
  const arrays: Record<string, Float32Array> = {};
  for (const [name, t] of Object.entries(grads)) arrays[name] = (await t.data()) as Float32Array;
  tf.dispose(Object.values(grads));
  return arrays;
}

describe('adversarialStep', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('r1Gamma adds γ·w to a linear critic\'s kernel gradient, and leaks no tensors', async () => {
    const generator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, kernelInitializer: 'glorotNormal' })] });
    const discriminator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, kernelInitializer: 'glorotNormal', biasInitializer: 'ones' })] });
    const nextBatch = (): RealBatch => tf.tidy(() => ({ images: tf.randomNormal([6, 1, 1, 2], 0, 1, 'float32', 3) as tf.Tensor4D, labels: tf.zeros([6], 'int32') as tf.Tensor1D }));
    const step = async (r1Gamma: number) => {
      const g = capturing();
      const d = capturing();
      const ctx = seededContext({ config, nets: { generator, discriminator }, optimizers: { generator: g.optimizer, discriminator: d.optimizer }, step: 0, nextBatch }, 5);
      const before = tf.memory().numTensors;
      await adversarialStep(ctx, {
        latentDim: 3,
        r1Gamma,
        generate: (z, _labels, training) => tf.reshape(generator.apply(z, { training }) as tf.Tensor, [-1, 1, 1, 2]) as tf.Tensor4D,
        discriminate: (x, _labels, training) => discriminator.apply(tf.reshape(x, [-1, 2]), { training }) as tf.Tensor,
      });
      const captured = { g: await read(g.grads), d: await read(d.grads) };
      expect(tf.memory().numTensors).toBe(before);
      return captured;
    };
    const plain = await step(0);
    const gamma = 2.5;
    const penalised = await step(gamma);
    const [kernel, bias] = discriminator.trainableWeights.map((w) => w.name);
    const w = await discriminator.trainableWeights[0]!.read().data();
    expect(Math.hypot(...w)).toBeGreaterThan(0.1);
    for (let i = 0; i < w.length; i++) expect(penalised.d[kernel!]![i]! - plain.d[kernel!]![i]!).toBeCloseTo(gamma * w[i]!, 5);
    expect(penalised.d[bias!]![0]).toBeCloseTo(plain.d[bias!]![0]!, 6);
    expect(Object.keys(penalised.g).sort()).toEqual(Object.keys(plain.g).sort());
    for (const name of Object.keys(plain.g)) expect(Array.from(penalised.g[name]!)).toEqual(Array.from(plain.g[name]!));
    generator.dispose();
    discriminator.dispose();
  });
  it('G\'s update reuses the last D update\'s fake batch, through the updated D: one G pass per iteration', async () => {
    const generator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, kernelInitializer: 'glorotNormal' })] });
    const discriminator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 4, activation: 'tanh', kernelInitializer: 'glorotNormal' }), tf.layers.dense({ units: 1 })] });
    const nextBatch = (): RealBatch => tf.tidy(() => ({ images: tf.randomNormal([6, 1, 1, 2], 0, 1, 'float32', 3) as tf.Tensor4D, labels: tf.zeros([6], 'int32') as tf.Tensor1D }));
    // D's optimizer really steps (plain SGD), so "through the updated D" is tested; G's only records.
    const sgd = { apply: (g: Record<string, tf.Tensor>) => tf.tidy(() => {
      for (const w of discriminator.trainableWeights) {
        const v = w.read() as tf.Variable;
        v.assign(tf.sub(v, tf.mul(g[v.name]!, 0.5)));
      }
    }) } as unknown as Adam;
    let passes = 0;
    const nets = {
      latentDim: 3,
      generate: (z: tf.Tensor2D, _labels: tf.Tensor1D, training: boolean) => (passes++, tf.reshape(generator.apply(z, { training }) as tf.Tensor, [-1, 1, 1, 2]) as tf.Tensor4D),
      discriminate: (x: tf.Tensor4D, _labels: tf.Tensor1D, training: boolean) => discriminator.apply(tf.reshape(x, [-1, 2]), { training }) as tf.Tensor,
    };
    for (const [dSteps, fresh, expectedPasses] of [[1, false, 1], [1, true, 2], [3, false, 3], [3, true, 4]] as const) {
      passes = 0;
      const g = capturing();
      const ctx = seededContext({ config: { ...config, dSteps }, nets: { generator, discriminator }, optimizers: { generator: g.optimizer, discriminator: sgd }, step: 0, nextBatch }, 5);
      const before = tf.memory().numTensors;
      const metrics = await adversarialStep(ctx, { ...nets, freshGeneratorBatch: fresh });
      expect(passes).toBe(expectedPasses);
      const captured = await read(g.grads);
      expect(tf.memory().numTensors).toBe(before);
      // G's loss and gradients by hand: D as the step left it, G as it was (its optimizer only recorded).
      const z = (fresh ? ctx.normal([6, 3], rngStreams.gNoise) : ctx.normal([6, 3], rngStreams.dNoise, dSteps - 1)) as tf.Tensor2D;
      const expected = tf.variableGrads(() => adversarialLosses['non-saturating'].g(nets.discriminate(nets.generate(z, tf.zeros([6]), true), tf.zeros([6]), true)), generator.trainableWeights.map((w) => w.read() as tf.Variable));
      expect(metrics.gLoss).toBeCloseTo((await expected.value.data())[0]!, 6);
      for (const [name, grad] of Object.entries(expected.grads)) Array.from(await grad.data()).forEach((v, i) => expect(captured[name]![i]).toBeCloseTo(v, 6));
      tf.dispose([z, expected.value, ...Object.values(expected.grads)]);
    }
    generator.dispose();
    discriminator.dispose();
  });
  it('mismatchedLabels: D also judges the real batch under wrong labels as fakes, averaged with the fakes', async () => {
    const generator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, kernelInitializer: 'glorotNormal' })] });
    const discriminator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, kernelInitializer: 'glorotNormal' })] });
    const labels = [0, 1, 2, 0, 1, 2];
    const nextBatch = (): RealBatch => tf.tidy(() => ({ images: tf.randomNormal([6, 1, 1, 2], 0, 1, 'float32', 3) as tf.Tensor4D, labels: tf.tensor1d(labels, 'int32') }));
    const nets = {
      latentDim: 3,
      generate: (z: tf.Tensor2D, _labels: tf.Tensor1D, training: boolean) => tf.reshape(generator.apply(z, { training }) as tf.Tensor, [-1, 1, 1, 2]) as tf.Tensor4D,
      // The label moves the logit, so a wrong label changes what D says of a real image.
      discriminate: (x: tf.Tensor4D, y: tf.Tensor1D, training: boolean) =>
        tf.add(discriminator.apply(tf.reshape(x, [-1, 2]), { training }) as tf.Tensor, tf.mul(0.7, tf.reshape(tf.cast(y, 'float32'), [-1, 1]))),
    };
    const wrong = (y: tf.Tensor1D) => tf.tidy(() => tf.mod(tf.add(y, 1), 3) as tf.Tensor1D);
    const dLoss = async (mismatched: boolean) => {
      const [g, d] = [capturing(), capturing()];
      const ctx = seededContext({ config, nets: { generator, discriminator }, optimizers: { generator: g.optimizer, discriminator: d.optimizer }, step: 0, nextBatch }, 5);
      const before = tf.memory().numTensors;
      const metrics = await adversarialStep(ctx, { ...nets, ...(mismatched ? { mismatchedLabels: wrong } : {}) });
      tf.dispose([...Object.values(g.grads), ...Object.values(d.grads)]);
      expect(tf.memory().numTensors).toBe(before);
      return { metrics, ctx };
    };
    const { metrics, ctx } = await dLoss(true);
    const plain = (await dLoss(false)).metrics;
    // By hand: the same real batch and fakes (dNoise, update 0); the reals under (y + 1) mod 3 join the fakes.
    const { images, labels: y } = nextBatch();
    const z = ctx.normal([6, 3], rngStreams.dNoise, 0) as tf.Tensor2D;
    const expected = tf.tidy(() => {
      const real = nets.discriminate(images, y, true);
      const fake = nets.discriminate(nets.generate(z, y, true), y, true);
      return [adversarialLosses['non-saturating'].d(real, tf.concat([fake, nets.discriminate(images, wrong(y), true)])), adversarialLosses['non-saturating'].d(real, fake)];
    });
    expect(metrics.dLoss).toBeCloseTo((await expected[0]!.data())[0]!, 5);
    expect(plain.dLoss).toBeCloseTo((await expected[1]!.data())[0]!, 5);
    expect(Math.abs(metrics.dLoss! - plain.dLoss!)).toBeGreaterThan(1e-3);
    tf.dispose([images, y, z, ...expected]);
    generator.dispose();
    discriminator.dispose();
  });
});
