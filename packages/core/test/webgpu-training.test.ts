// A tiny DCGAN-shaped GAN (transposed convolutions, batch norm, LeakyReLU, Adam, EMA) trained
// with core's adversarialStep on webgpu (SwiftShader) with core's kernels: no tensor or GPU buffer
// growth over many steps, a seeded run repeats bit for bit, and no step reads more than its
// losses back from the GPU.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpuWorkCounter } from '../src/backend/webgpu/work-counter.js';
import type { Adam } from '../src/optim/adam.js';
import { createOptimizers } from '../src/optim/optimizers.js';
import { adversarialStep, type AdversarialNetworks } from '../src/train/adversarial-step.js';
import type { AdversarialHyperparameters, RealBatch, TrainHyperparameters } from '../src/family/architecture.js';
import { seededContext } from '../src/train/context.js';
import { WeightAverage } from '../src/optim/ema.js';
import { mulberry32 } from '../src/random/rng.js';
import { startWebGPU } from './webgpu-env.js';

const config: TrainHyperparameters & AdversarialHyperparameters = { batchSize: 4, dSteps: 1, lrG: 2e-4, lrD: 2e-4, beta1: 0.5, beta2: 0.999, ema: 0.99, loss: 'non-saturating', gpWeight: 10 };
const latentDim = 8;

/** G: z [N, 8] -> [N, 8, 8, 1]; D: [N, 8, 8, 1] -> logits [N, 1]; seeded weights. */
function networks(seed: number) {
  const init = (offset: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.2, seed: seed + offset });
  const generator = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: 4 * 4 * 8, kernelInitializer: init(1) }),
      tf.layers.reshape({ targetShape: [4, 4, 8] }),
      tf.layers.batchNormalization(),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: init(2) }),
      tf.layers.activation({ activation: 'tanh' }),
    ],
  });
  const discriminator = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 6, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: init(3) }),
      tf.layers.batchNormalization(),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, kernelInitializer: init(4) }),
    ],
  });
  return { generator, discriminator };
}

/** Trains `steps` seeded steps; returns the losses, every weight afterwards, and the memory after each step. */
async function train(steps: number, onStep?: (step: number) => Promise<void>) {
  const nets = networks(7);
  const shadow = networks(7).generator;
  const ema = new WeightAverage(nets.generator, shadow, config.ema);
  ema.reset();
  const optimizers = createOptimizers(nets, config);
  const random = mulberry32(3);
  const nextBatch = (): RealBatch => ({
    images: tf.tensor4d(Float32Array.from({ length: config.batchSize * 64 }, () => 2 * random() - 1), [config.batchSize, 8, 8, 1]),
    labels: tf.zeros([config.batchSize], 'int32') as tf.Tensor1D,
  });
  const adversarial: AdversarialNetworks = {
    latentDim,
    generate: (z, _labels, training) => nets.generator.apply(z, { training }) as tf.Tensor4D,
    discriminate: (x, _labels, training) => nets.discriminator.apply(x, { training }) as tf.Tensor,
  };
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const metrics = await adversarialStep(seededContext({ config, nets, optimizers, step, nextBatch }, 11), adversarial);
    ema.update();
    losses.push(metrics.dLoss, metrics.gLoss);
    await onStep?.(step);
  }
  const weights = await Promise.all([...nets.generator.weights, ...nets.discriminator.weights, ...shadow.weights].map(async (w) => Array.from(await w.read().data())));
  for (const opt of [optimizers.generator, optimizers.discriminator] as Adam[]) opt.dispose();
  for (const model of [nets.generator, nets.discriminator, shadow]) model.dispose();
  return { losses, weights };
}

describe('training on webgpu with core kernels', () => {
  beforeAll(async () => {
    await startWebGPU();
  });

  // 10 steps after warm-up: every step runs the same kernels on the same shapes (nothing here runs
  // every k-th step), so a step that leaks a tensor or a buffer shows from the first marked one; the
  // 40 steps this ran took ~50 s on SwiftShader.
  it('holds tensor count, tensor bytes and GPU bytes flat over 10 steps after warm-up', async () => {
    const marks: { numTensors: number; numBytes: number; gpuBytes: number }[] = [];
    await train(12, async (step) => {
      if (step < 2) return;
      const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
      marks.push({ numTensors: memory.numTensors, numBytes: memory.numBytes, gpuBytes: memory.numBytesInGPU ?? -1 });
    });
    expect(marks[0]!.gpuBytes).toBeGreaterThan(0);
    for (const mark of marks) expect(mark).toEqual(marks[0]);
  });

  it('repeats a seeded run exactly', async () => {
    const first = await train(3);
    const second = await train(3);
    expect(second.losses).toEqual(first.losses);
    expect(second.weights).toEqual(first.weights);
    expect(first.losses.every(Number.isFinite)).toBe(true);
  });

  it('reads back from the GPU once a step (the losses), and sends work to it', async () => {
    const buffer = (globalThis as unknown as { GPUBuffer: { prototype: { mapAsync: (...a: unknown[]) => Promise<void> } } }).GPUBuffer.prototype;
    const original = buffer.mapAsync;
    let reads = 0;
    buffer.mapAsync = function (this: unknown, ...args: unknown[]) {
      reads++;
      return original.apply(this, args);
    };
    const perStep: number[] = [];
    const counter = gpuWorkCounter()!;
    const dispatches = counter.dispatches;
    try {
      let last = reads;
      await train(3, async () => {
        perStep.push(reads - last);
        last = reads;
      });
    } finally {
      buffer.mapAsync = original;
    }
    expect(perStep).toEqual([1, 1, 1]);
    expect(counter.dispatches).toBeGreaterThan(dispatches);
  });
});
