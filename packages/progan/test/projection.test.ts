// Projection into z at the final resolution.
import * as tf from '@tensorflow/tfjs';
import { useWasmBackend } from '@ganforge/family-testing';
import { disposeCode } from '@ganforge/core/project';
import { describe, expect, it } from 'vitest';
import { createGenerator, progan, project } from '../src/index.js';
import { tinyConfig as config } from './fixtures.js';

describe('progan projection', () => {
  useWasmBackend();

  it('projects into z at the final resolution and gets closer than its start', async () => {
    const generator = createGenerator(config, 51);
    const z = progan.latent(config, 1, 3);
    const targets = generator.predict(z) as tf.Tensor4D;
    const first: number[] = [];
    const result = await project(generator, targets, { config, steps: 40, restarts: 1, onStep: ({ step, distance }) => void (step === 1 && first.push(...distance)) });
    expect(result.images.shape).toEqual([1, config.imageSize, config.imageSize, config.channels]);
    expect(result.distances[0]).toBeLessThan(first[0]! / 2);
    disposeCode(result.code);
    tf.dispose([z, targets, result.images]);
    generator.dispose();
  });
});
