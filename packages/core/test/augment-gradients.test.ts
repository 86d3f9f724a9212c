// Gradients of every augmentation against central finite differences, on the wasm backend: first
// order (G's update and D's loss reach the images through them) and second order (R1 through the
// reals' transform). Every transform is affine in the images once drawn, so central differences are
// exact up to float32 rounding at any step size.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import {
  adaTransform,
  diffAugmentTransform,
  gatherRows,
  scatterAddRows,
  seededRandom,
  type AdaGroup,
  type AugmentTransform,
  type DiffAugmentPolicy,
} from '../src/augment/index.js';
import { r1Penalty } from '../src/losses/index.js';

const values = async (t: tf.Tensor) => Array.from((await t.data()) as Float32Array);

/** Central differences of the scalar `f` at `base` along every coordinate. */
async function finiteDifferences(f: (x: tf.Tensor) => tf.Scalar, base: tf.Tensor, h: number): Promise<number[]> {
  const flat = (await base.data()) as Float32Array;
  const at = async (i: number, delta: number) => {
    const moved = Float32Array.from(flat);
    moved[i]! += delta;
    const y = tf.tidy(() => f(tf.tensor(moved, base.shape)));
    const [v] = await values(y);
    y.dispose();
    return v!;
  };
  const out: number[] = [];
  for (let i = 0; i < flat.length; i++) out.push(((await at(i, h)) - (await at(i, -h))) / (2 * h));
  return out;
}

const expectClose = (actual: number[], expected: number[], tolerance: number) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!), `coordinate ${i}: ${a} vs ${expected[i]}`).toBeLessThan(tolerance));
};

/**
 * ∇ₓ Σ w ⊙ T(x) from tfjs against finite differences, for one drawn transform T on images of
 * `shape`; also checks that T moved the images (so the test is not of the identity).
 */
async function checkFirstOrder(draw: (shape: number[]) => Promise<AugmentTransform>, shape: number[]): Promise<void> {
  const x = tf.randomUniform(shape, -1, 1, 'float32', 3);
  const w = tf.randomNormal(shape, 0, 1, 'float32', 4);
  const transform = await draw(shape);
  const objective = (input: tf.Tensor) => tf.sum(tf.mul(w, transform.apply(input as tf.Tensor4D))) as tf.Scalar;
  const analytic = tf.grad(objective)(x);
  const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(transform.apply(x as tf.Tensor4D), x))));
  expect((await moved.data())[0]).toBeGreaterThan(0.05);
  expectClose(await values(analytic), await finiteDifferences(objective, x, 0.5), 2e-3);
  transform.dispose();
  tf.dispose([x, w, analytic, moved]);
}

describe('augmentation gradients', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('gatherRows and scatterAddRows are adjoint, and their gradients are each other (duplicates summed)', async () => {
    const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const index = tf.tensor2d([2, 0, 2, 1, 2], [5, 1], 'int32');
    const dy = tf.tensor2d([[1, 0], [0, 1], [2, 0], [0, 3], [1, 1]]);
    const gatherGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t as tf.Tensor2D, index), dy)))(table);
    // Row 2 is read three times: its gradient is dy[0] + dy[2] + dy[4].
    expect(await values(gatherGrad)).toEqual([0, 1, 0, 3, 4, 1]);
    const scatterGrad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(scatterAddRows(v as tf.Tensor2D, index, 3), table)))(dy);
    expect(await values(scatterGrad)).toEqual([5, 6, 1, 2, 5, 6, 3, 4, 5, 6]);
    tf.dispose([table, index, dy, gatherGrad, scatterGrad]);
  });

  it.each([
    { policy: ['color'], shape: [2, 5, 7, 3] },
    { policy: ['translation'], shape: [2, 8, 9, 1] },
    { policy: ['cutout'], shape: [2, 8, 9, 1] },
    { policy: ['color', 'translation', 'cutout'], shape: [2, 8, 8, 2] },
  ] as { policy: DiffAugmentPolicy[]; shape: number[] }[])('DiffAugment $policy: ∇ through the transform matches finite differences ($shape images)', async ({ policy, shape }) => {
    const before = tf.memory().numTensors;
    await checkFirstOrder((s) => diffAugmentTransform(s, policy, seededRandom(7)), shape);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([[['blit']], [['geom']], [['color']], [['blit', 'geom', 'color']]] as AdaGroup[][][])('ADA %j at p = 1: ∇ through the transform matches finite differences (2x6x6x3 images)', async (groups) => {
    const before = tf.memory().numTensors;
    await checkFirstOrder((shape) => adaTransform(shape, 1, groups, seededRandom(11)), [2, 6, 6, 3]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ADA color on gray images: ∇ matches finite differences', async () => {
    await checkFirstOrder((shape) => adaTransform(shape, 1, ['color'], seededRandom(5)), [3, 4, 4, 1]);
  });

  it.each([
    ['DiffAugment', (shape: number[]) => diffAugmentTransform(shape, ['color', 'translation', 'cutout'], seededRandom(2))],
    ['ADA bgc', (shape: number[]) => adaTransform(shape, 1, ['blit', 'geom', 'color'], seededRandom(2))],
  ] as const)('%s: R1 through the transform, ∇_w E‖∇ₓD(T(x))‖² of a linear critic D(y) = Σ w ⊙ y, matches finite differences', async (_name, draw) => {
    const shape: [number, number, number, number] = [2, 6, 6, 3];
    const real = tf.randomUniform(shape, -1, 1, 'float32', 8) as tf.Tensor4D;
    const transform = await draw(shape);
    const penalty = (w: tf.Tensor) => r1Penalty((x) => tf.sum(tf.mul(w, transform.apply(x)), [1, 2, 3]), real);
    const w0 = tf.randomNormal(shape.slice(1), 0, 1, 'float32', 9);
    const w = tf.variable(w0);
    const { grads } = tf.variableGrads(() => penalty(w), [w]);
    const analytic = await values(grads[w.name]!);
    // The gradient passes through T twice (T then Tᵀ): it is not the untransformed 2w.
    const plain = await values(tf.tidy(() => tf.mul(2, w0)));
    expect(Math.max(...analytic.map((a, i) => Math.abs(a - plain[i]!)))).toBeGreaterThan(0.1);
    expectClose(analytic, await finiteDifferences(penalty, w0, 0.5), 5e-3);
    transform.dispose();
    tf.dispose([real, w0, w, ...Object.values(grads)]);
  });
});
