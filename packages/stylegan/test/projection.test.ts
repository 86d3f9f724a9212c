// Projection into w and w+: a generated image is found again, seeded runs repeat bit for bit, nothing leaks.
import * as tf from '@tensorflow/tfjs';
import { useWasmBackend } from '@ganforge/family-testing';
import { disposeCode, type LatentCode } from '@ganforge/core/project';
import { describe, expect, it } from 'vitest';
import { createGenerator, imagesOfCode, numWs, project, seedCode } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

useWasmBackend();

/** 8x8: every step runs the whole synthesis forward and back, so the smallest ladder keeps this fast. */
const config = { ...tinyConfig, imageSize: 8 };

/** Values of every part of a code, by name. */
const valuesOf = async (code: LatentCode) => Object.fromEntries(await Promise.all(Object.entries(code).map(async ([n, t]) => [n, Array.from(await t.data())] as const)));

describe('stylegan projection', () => {
  it('finds the w of an image the generator made, in 100 steps', async () => {
    const generator = createGenerator(config, 21);
    const known = seedCode(generator, config, [6]);
    const targets = imagesOfCode(generator, config, known);
    const before = tf.memory().numTensors;
    const first: number[] = [];
    const result = await project(generator, targets, { config, steps: 100, seed: 1, onStep: ({ step, distance }) => void (step === 1 && first.push(...distance)) });
    expect(result.space).toBe('w');
    expect(result.code.w!.shape).toEqual([1, 1, config.wDim]);
    for (const [i, d] of result.distances.entries()) {
      expect(d).toBeLessThan(5e-3); // pixel MSE on [-1, 1]
      expect(d).toBeLessThan(first[i]! / 20); // the mean w's image is far
    }
    disposeCode(result.code);
    result.images.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([targets, ...Object.values(known)]);
    generator.dispose();
  });

  it('w+ holds one w per layer and noise maps; the same seed repeats exactly, another does not', async () => {
    const generator = createGenerator(config, 22);
    const targets = tf.randomUniform([1, 8, 8, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
    const run = (seed: number) => project(generator, targets, { config, space: 'w+', steps: 6, seed });
    const [a, b, c] = [await run(4), await run(4), await run(5)];
    expect(a.code.w!.shape).toEqual([1, numWs(8), config.wDim]);
    expect(Object.keys(a.code).filter((n) => n.startsWith('noise')).length).toBe(3); // one per conv: 4x4, and two at 8x8
    expect(await valuesOf(a.code)).toEqual(await valuesOf(b.code));
    expect(await valuesOf(a.code)).not.toEqual(await valuesOf(c.code));
    for (const r of [a, b, c]) {
      disposeCode(r.code);
      r.images.dispose();
    }
    await expect(project(generator, targets, { config, space: 'z' })).rejects.toThrow(/latent space "z" does not exist here; this generator projects into w or w\+/);
    targets.dispose();
    generator.dispose();
  });
});
