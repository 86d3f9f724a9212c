// Augmentation inside core's adversarialStep: G's update goes through a fresh draw, R1 goes through
// the reals' transform, nothing leaks; ADA's controller moves p up when D is sure of the reals
// (sign(D(real)) = 1 > target) and down when it is not, and its state carries over steps exactly.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adjustAda,
  augmentDefaults,
  diffAugmentTransform,
  initialAdaState,
  recordRealSigns,
  stepRandom,
  type AdaState,
  type AugmentConfig,
  type AugmentTransform,
} from '../src/augment/index.js';
import { initBackend } from '../src/backend/init.js';
import { adversarialLosses, r1Penalty } from '../src/losses/adversarial.js';
import type { Adam } from '../src/optim/adam.js';
import { adversarialStep } from '../src/train/adversarial-step.js';
import type { AdversarialHyperparameters, RealBatch, TrainHyperparameters } from '../src/family/architecture.js';
import { seededContext } from '../src/train/context.js';
import { rngStreams } from '../src/random/rng.js';

type Config = TrainHyperparameters & AdversarialHyperparameters & AugmentConfig;
const base: Config = { batchSize: 6, dSteps: 1, lrG: 1e-3, lrD: 1e-3, beta1: 0.5, beta2: 0.999, ema: 0, loss: 'non-saturating', gpWeight: 10, ...augmentDefaults };

/** An optimizer stand-in that keeps copies of the gradients it is given instead of applying them. */
function capturing(): { optimizer: Adam; grads: Record<string, tf.Tensor> } {
  const grads: Record<string, tf.Tensor> = {};
  const optimizer = { apply: (g: Record<string, tf.Tensor>) => {
    for (const [name, t] of Object.entries(g)) {
      grads[name]?.dispose();
      grads[name] = tf.keep(tf.clone(t));
    }
  } } as unknown as Adam;
  return { optimizer, grads };
}

/** An optimizer stand-in that applies nothing and keeps nothing. */
const frozen = { apply: () => {} } as unknown as Adam;

const read = async (grads: Record<string, tf.Tensor>): Promise<Record<string, number[]>> => {
  const out: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(grads)) out[name] = Array.from(await t.data());
  tf.dispose(Object.values(grads));
  return out;
};

/** G: z [N, 3] -> [N, 8, 8, 1]; D: a linear critic on the flattened image, bias `bias`. */
function networks(bias = 0) {
  const generator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 64, kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) })] });
  const discriminator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [64], units: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }), biasInitializer: tf.initializers.constant({ value: bias }) })] });
  const adversarial = {
    latentDim: 3,
    generate: (z: tf.Tensor2D, _labels: tf.Tensor1D, training: boolean) => tf.reshape(generator.apply(z, { training }) as tf.Tensor, [-1, 8, 8, 1]) as tf.Tensor4D,
    discriminate: (x: tf.Tensor4D, _labels: tf.Tensor1D, training: boolean) => discriminator.apply(tf.reshape(x, [-1, 64]), { training }) as tf.Tensor,
  };
  return { generator, discriminator, adversarial, dispose: () => (generator.dispose(), discriminator.dispose()) };
}

const nextBatch = (): RealBatch => tf.tidy(() => ({ images: tf.randomUniform([6, 8, 8, 1], -1, 1, 'float32', 3) as tf.Tensor4D, labels: tf.zeros([6], 'int32') as tf.Tensor1D }));

describe('augmentation in adversarialStep', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it("DiffAugment: G's gradient goes through D(T(G(z))) with the step's third draw, and nothing leaks", async () => {
    const nets = networks();
    const config: Config = { ...base, augment: 'diffaugment', augmentPolicy: 'translation,cutout' };
    const g = capturing();
    const d = capturing();
    const ctx = seededContext({ config, nets: { generator: nets.generator, discriminator: nets.discriminator }, optimizers: { generator: g.optimizer, discriminator: d.optimizer }, step: 0, nextBatch }, 5);
    const before = tf.memory().numTensors;
    const metrics = await adversarialStep(ctx, nets.adversarial);
    const captured = await read(g.grads);
    tf.dispose(Object.values(d.grads));
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(metrics).sort()).toEqual(['dAccFake', 'dAccReal', 'dLoss', 'gLoss']);

    // By hand: draws 0 and 1 are the D update's reals and fakes, draw 2 G's fakes.
    const random = stepRandom(ctx);
    const views: AugmentTransform[] = [];
    for (let k = 0; k < 3; k++) views.push(await diffAugmentTransform([6, 8, 8, 1], ['translation', 'cutout'], random));
    const z = ctx.normal([6, 3], rngStreams.dNoise, 0) as tf.Tensor2D;
    const labels = tf.zeros([6]) as tf.Tensor1D;
    const gVars = nets.generator.trainableWeights.map((w) => w.read() as tf.Variable);
    const loss = (view: (x: tf.Tensor4D) => tf.Tensor4D) => tf.variableGrads(() => adversarialLosses['non-saturating'].g(nets.adversarial.discriminate(view(nets.adversarial.generate(z, labels, true)), labels, true)), gVars);
    const expected = loss((x) => views[2]!.apply(x));
    const unaugmented = loss((x) => x);
    expect(metrics.gLoss).toBeCloseTo((await expected.value.data())[0]!, 5);
    for (const [name, grad] of Object.entries(expected.grads)) Array.from(await grad.data()).forEach((v, i) => expect(captured[name]![i]).toBeCloseTo(v, 5));
    const kernel = gVars[0]!.name;
    const differs = Array.from(await unaugmented.grads[kernel]!.data()).some((v, i) => Math.abs(v - captured[kernel]![i]!) > 1e-3);
    expect(differs).toBe(true);
    views.forEach((v) => v.dispose());
    tf.dispose([z, labels, expected.value, unaugmented.value, ...Object.values(expected.grads), ...Object.values(unaugmented.grads)]);
    nets.dispose();
  });

  it("R1 differentiates D through the reals' transform: D's extra gradient is that of γ/2·E‖∇ₓD(T(x))‖²", async () => {
    const nets = networks();
    const config: Config = { ...base, augment: 'diffaugment', augmentPolicy: 'translation,cutout' };
    const step = async (r1Gamma: number) => {
      const d = capturing();
      const ctx = seededContext({ config, nets: { generator: nets.generator, discriminator: nets.discriminator }, optimizers: { generator: frozen, discriminator: d.optimizer }, step: 0, nextBatch }, 5);
      const before = tf.memory().numTensors;
      await adversarialStep(ctx, { ...nets.adversarial, r1Gamma });
      const grads = await read(d.grads);
      expect(tf.memory().numTensors).toBe(before);
      return { grads, ctx };
    };
    const gamma = 3;
    const plain = await step(0);
    const penalised = await step(gamma);
    const kernel = nets.discriminator.trainableWeights[0]!;
    const { ctx } = penalised;
    const real = nextBatch();
    const view = await diffAugmentTransform([6, 8, 8, 1], ['translation', 'cutout'], stepRandom(ctx)); // the first draw: the reals'
    const expected = tf.variableGrads(() => tf.mul(gamma / 2, r1Penalty((x) => nets.adversarial.discriminate(view.apply(x), real.labels, true), real.images)) as tf.Scalar, [kernel.read() as tf.Variable]);
    const r1Grad = Array.from(await expected.grads[kernel.name]!.data());
    penalised.grads[kernel.name]!.forEach((v, i) => expect(v - plain.grads[kernel.name]![i]!).toBeCloseTo(r1Grad[i]!, 4));
    // Without the transform the extra gradient would be γ·w (the test in adversarial-step.test.ts).
    const w = Array.from(await kernel.read().data());
    expect(r1Grad.some((v, i) => Math.abs(v - gamma * w[i]!) > 1e-2)).toBe(true);
    view.dispose();
    tf.dispose([real.images, real.labels, expected.value, ...Object.values(expected.grads)]);
    nets.dispose();
  });

  it('ADA with R1 and WGAN-GP runs without leaking, and returns adaP and adaRt', async () => {
    const nets = networks();
    const config: Config = { ...base, augment: 'ada', loss: 'wasserstein', dSteps: 2 };
    const ada: AdaState = { ...initialAdaState(), p: 0.5 };
    const ctx = seededContext({ config, nets: { generator: nets.generator, discriminator: nets.discriminator }, optimizers: { generator: frozen, discriminator: frozen }, step: 0, nextBatch, ada }, 5);
    const before = tf.memory().numTensors;
    const metrics = await adversarialStep(ctx, { ...nets.adversarial, r1Gamma: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(metrics).sort()).toEqual(['adaP', 'adaRt', 'dAccFake', 'dAccReal', 'dLoss', 'gLoss']);
    expect(ada.images).toBe(12); // two D updates of 6 reals, no adjustment yet (interval 4)
    nets.dispose();
  });

  it('the controller: p ← clamp(p + sign(r_t - target)·images/speed, 0, 1)', () => {
    const control = { target: 0.6, speedImages: 500_000, interval: 4 };
    const state = { ...initialAdaState(), p: 0.5 };
    recordRealSigns(state, 200, 256, 256); // r_t = 0.78 > 0.6
    expect(adjustAda(state, control)).toBeCloseTo(0.78125, 10);
    expect(state).toEqual({ p: 0.5 + 256 / 500_000, signSum: 0, signCount: 0, images: 0 });
    recordRealSigns(state, 100, 256, 256); // r_t = 0.39 < 0.6
    adjustAda(state, control);
    expect(state.p).toBeCloseTo(0.5, 12);
    recordRealSigns(state, 256, 256, 256);
    adjustAda(state, { ...control, speedImages: 10 });
    expect(state.p).toBe(1);
    recordRealSigns(state, -256, 256, 256);
    adjustAda(state, { ...control, speedImages: 10 });
    expect(state.p).toBe(0);
  });

  it.each([
    [5, 'up', 1],
    [-5, 'down', -1],
  ] as const)('a D with bias %d (sign(D(real)) = ±1): p goes %s every adaInterval steps; the state carries over exactly', async (bias, _direction, sign) => {
    const nets = networks(bias);
    const config: Config = { ...base, augment: 'ada', adaInterval: 2, adaSpeedImages: 120 };
    const run = async (ada: AdaState, from: number, to: number) => {
      const log: number[][] = [];
      for (let step = from; step < to; step++) {
        const ctx = seededContext({ config, nets: { generator: nets.generator, discriminator: nets.discriminator }, optimizers: { generator: frozen, discriminator: frozen }, step, nextBatch, ada }, 5);
        const m = await adversarialStep(ctx, nets.adversarial);
        log.push([m.adaP!, m.adaRt!, m.dLoss]);
      }
      return log;
    };
    const straight = await run({ ...initialAdaState(), p: 0.5 }, 0, 6);
    // 12 reals per adjustment (batch 6, 2 steps) over a speed of 120 images: p moves by 0.1.
    expect(straight.map(([p]) => p)).toEqual([0.5, 0.5 + sign * 0.1, 0.5 + sign * 0.1, 0.5 + sign * 0.2, 0.5 + sign * 0.2, 0.5 + sign * 0.3].map((p) => expect.closeTo(p, 12)));
    expect(straight.map(([, rt]) => rt)).toEqual(Array(6).fill(sign));
    // Halfway through an adjustment window, through JSON (as a checkpoint stores it), then on.
    const first = { ...initialAdaState(), p: 0.5 };
    const head = await run(first, 0, 3);
    const tail = await run(JSON.parse(JSON.stringify(first)) as AdaState, 3, 6);
    expect([...head, ...tail]).toEqual(straight);
    nets.dispose();
  });
});
