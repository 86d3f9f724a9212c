// Fused batch and instance normalisation on webgpu (SwiftShader) against the layers' own code on
// cpu: outputs, running averages, first- and second-order gradients, and the dispatches they take.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpuWorkCounter } from '../src/backend/webgpu/work-counter.js';
import { InstanceNorm } from '../src/layers/instance-norm.js';
import { mulberry32 } from '../src/random/rng.js';
import { onCpu, startWebGPU } from './webgpu-env.js';

/** Seeded values in [offset - 1, offset + 1) of `shape`, drawn in JavaScript (the same on every backend). */
function seeded(shape: number[], seed: number, offset = 0): tf.Tensor {
  const random = mulberry32(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => offset + 2 * random() - 1), shape);
}

/** Largest error relative to the larger of |expected| and 1e-2 of expected's largest magnitude. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1e-2 * scale));
  return worst;
}

type Make = (channels: number) => tf.layers.Layer;
const batchNorm: Make = () => tf.layers.batchNormalization({ momentum: 0.9, gammaInitializer: 'randomNormal', betaInitializer: 'randomNormal' });
const instanceNorm = (affine: boolean): Make => () => new InstanceNorm({ affine });

/** y, dx, d(weights) of Σ(y·w) and the layer's weights after one training call, plus the dispatches of the taped forward call and of the backward pass. */
async function run(make: Make, shape: number[], offset: number) {
  const layer = make(shape[shape.length - 1]!);
  layer.build(shape);
  // Seeded weights (γ, β, running statistics), the same on both backends.
  layer.weights.forEach((w, i) => tf.tidy(() => {
    w.write(tf.abs(seeded(w.shape as number[], 30 + i)));
  }));
  const x = tf.tidy(() => tf.variable(seeded(shape, 1, offset), true, `x-${tf.getBackend()}`));
  const w = seeded(shape, 2);
  const counter = gpuWorkCounter();
  await Promise.all([x.data(), w.data(), ...layer.weights.map((v) => v.read().data())]);
  let forwardDispatches = 0;
  const start = counter?.dispatches ?? 0;
  const { value, grads } = tf.variableGrads(() => {
    const before = counter?.dispatches ?? 0;
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    forwardDispatches = (counter?.dispatches ?? 0) - before;
    return tf.sum(tf.mul(y, w)) as tf.Scalar;
  }, [x, ...layer.trainableWeights.map((v) => v.read() as tf.Variable)]);
  const allDispatches = (counter?.dispatches ?? 0) - start;
  const y = layer.apply(x, { training: false }) as tf.Tensor;
  const out = [y, ...Object.values(grads), ...layer.weights.map((v) => v.read())];
  const values = await Promise.all(out.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([x, w, value, y, ...Object.values(grads)]);
  layer.weights.forEach((v) => v.dispose());
  return { values, forwardDispatches, backwardDispatches: allDispatches - forwardDispatches };
}

const cases: [string, Make, number[], number][] = [
  ['batch norm, NHWC', batchNorm, [3, 5, 7, 6], 0],
  ['batch norm, NHWC, |mean| >> std', batchNorm, [2, 9, 9, 33], 100],
  ['batch norm after Dense, [N, C]', batchNorm, [5, 9], 0.5],
  ['instance norm', instanceNorm(false), [2, 7, 5, 3], 3],
  ['instance norm, affine', instanceNorm(true), [3, 8, 8, 17], 0],
];

describe('fused normalisation on webgpu', () => {
  beforeAll(async () => {
    await startWebGPU();
  });

  for (const [name, make, shape, offset] of cases) {
    it(`${name} [${shape}]: outputs, running averages and gradients match cpu; 3-4 dispatches forward, 3 a backward pass`, async () => {
      const expected = await onCpu(() => run(make, shape, offset));
      const before = tf.memory().numTensors;
      const actual = await run(make, shape, offset);
      expect(tf.memory().numTensors).toBe(before);
      actual.values.forEach((a, i) => expect(relativeError(a, expected.values[i]!), `output ${i}`).toBeLessThan(1e-4));
      // Forward: sums, statistics, normalise (+ running averages for batch norm).
      expect(actual.forwardDispatches).toBeLessThanOrEqual(make === batchNorm ? 4 : 3);
      // Backward: the layer's three, plus Σ(y·w)'s own (its Multiply's gradients and their sums).
      expect(actual.backwardDispatches).toBeLessThanOrEqual(7);
    });
  }

  it('second-order gradients through batch norm and instance norm (as R1 takes them) match cpu', async () => {
    const secondOrder = async () => {
      const layers = [batchNorm(4), instanceNorm(true)(4)];
      const shape = [2, 5, 5, 4];
      layers.forEach((layer, l) => {
        layer.build(shape);
        layer.weights.forEach((w, i) => tf.tidy(() => {
          w.write(tf.abs(seeded(w.shape as number[], 60 + 10 * l + i)));
        }));
      });
      const x = seeded(shape, 3);
      const w = seeded(shape, 4);
      const gammas = layers.map((layer) => layer.trainableWeights[0]!.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => {
        const dx = tf.grad((input: tf.Tensor) => {
          // A LeakyReLU between the two, else instance norm would cancel batch norm's scale.
          const h = tf.leakyRelu(layers[0]!.apply(input, { training: true }) as tf.Tensor, 0.2);
          const y = layers[1]!.apply(h, { training: true }) as tf.Tensor;
          return tf.sum(tf.mul(tf.square(y), w));
        })(x);
        return tf.sum(tf.square(dx)) as tf.Scalar;
      }, gammas);
      const values = await Promise.all(gammas.map(async (g) => (await grads[g.name]!.data()) as Float32Array));
      tf.dispose([x, w, value, ...Object.values(grads)]);
      layers.forEach((layer) => layer.weights.forEach((v) => v.dispose()));
      return values;
    };
    const expected = await onCpu(secondOrder);
    const actual = await secondOrder();
    actual.forEach((a, i) => expect(relativeError(a, expected[i]!), `gamma ${i}`).toBeLessThan(1e-4));
  });

  it('a training-mode BatchNormalization and an InstanceNorm run the fused kernel', async () => {
    const profile = await tf.profile(() => {
      const x = tf.ones([2, 4, 4, 3]);
      tf.dispose([tf.layers.batchNormalization().apply(x, { training: true }) as tf.Tensor, new InstanceNorm().apply(x) as tf.Tensor, x]);
    });
    expect(profile.kernels.filter((k) => k.name === 'GanforgeNormalize')).toHaveLength(2);
    expect(profile.kernels.map((k) => k.name)).not.toContain('FusedBatchNorm');
  });
});
