import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { radfordInitializers } from '../src/layers/index.js';
import { deriveSeed, rngStreams } from '../src/random/index.js';

const settings = { initStd: 0.02, batchNormMomentum: 0.9 };

/** A dense kernel [64, 64] and a batch norm over 4096 features, built in that order. */
async function build(seed: number, network: number): Promise<{ kernel: Float32Array; gamma: Float32Array; momentum: number; epsilon: number }> {
  const init = radfordInitializers(settings, seed, network);
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 64, inputShape: [64], kernelInitializer: init.weights() }));
  model.add(tf.layers.dense({ units: 4096, useBias: false }));
  const norm = init.batchNorm('bn');
  model.add(norm);
  const [kernel, , , gamma] = model.getWeights();
  const values = { kernel: (await kernel!.data()) as Float32Array, gamma: (await gamma!.data()) as Float32Array };
  const { momentum, epsilon } = norm.getConfig() as { momentum: number; epsilon: number };
  model.dispose();
  return { ...values, momentum, epsilon };
}

const mean = (v: Float32Array) => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: Float32Array) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / v.length);

describe('radfordInitializers', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('draws N(0, initStd) kernels and N(1, initStd) batch-norm scales with PyTorch epsilon and the given momentum', async () => {
    const { kernel, gamma, momentum, epsilon } = await build(3, 1);
    expect(Math.abs(mean(kernel))).toBeLessThan(0.002); // 4096 draws: std of the mean 0.0003
    expect(std(kernel)).toBeCloseTo(0.02, 3);
    expect(Math.abs(mean(gamma) - 1)).toBeLessThan(0.002);
    expect(std(gamma)).toBeCloseTo(0.02, 3);
    expect([momentum, epsilon]).toEqual([0.9, 1e-5]);
  });

  it('seeds layers apart by (seed, network, layer) and repeats for the same ones', async () => {
    const [a, again, otherNetwork, otherSeed] = await Promise.all([build(3, 1), build(3, 1), build(3, 2), build(4, 1)]);
    expect(again.kernel).toEqual(a.kernel);
    expect(again.gamma).toEqual(a.gamma);
    expect(otherNetwork.kernel).not.toEqual(a.kernel);
    expect(otherSeed.kernel).not.toEqual(a.kernel);
    // The kernel and the scales come from layer seeds 0 and 1, so they are not the same draws
    // (with one seed, gamma - 1 would equal the kernel's first values to float rounding).
    const gap = Math.max(...Array.from(a.kernel.slice(0, 8), (k, i) => Math.abs(a.gamma[i]! - 1 - k)));
    expect(gap).toBeGreaterThan(1e-3);
    const init = radfordInitializers(settings, 3, 1);
    expect([init.next(), init.next()]).toEqual([deriveSeed(3, rngStreams.init, 1, 0), deriveSeed(3, rngStreams.init, 1, 1)]);
  });
});
