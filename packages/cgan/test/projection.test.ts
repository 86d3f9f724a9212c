// Projection into z with a class: every class is tried and the image's own wins; --class holds one.
import * as tf from '@tensorflow/tfjs';
import { useWasmBackend } from '@ganforge/family-testing';
import { disposeCode } from '@ganforge/core/project';
import { describe, expect, it } from 'vitest';
import { classLatent, createGenerator, project } from '../src/index.js';
import { tinyConfig as config } from './fixtures.js';

describe('cgan projection', () => {
  useWasmBackend();

  it('tries every class and keeps the one the image was made with, or holds the class it is given', async () => {
    const generator = createGenerator(config, 41);
    const latent = classLatent(config, [2], 9);
    const targets = generator.predict(latent) as tf.Tensor4D;
    const found = await project(generator, targets, { config, steps: 100, restarts: 2, seed: 1 });
    expect(found.conditions).toEqual([2]);
    expect(Array.from(await found.code.class!.data())).toEqual([0, 0, 1]);
    const held = await project(generator, targets, { config, steps: 5, condition: 1 });
    expect(held.conditions).toEqual([1]);
    for (const r of [found, held]) {
      disposeCode(r.code);
      r.images.dispose();
    }
    tf.dispose([latent, targets]);
    generator.dispose();
  });
});
