// Projection into z: the best of a few restarts finds an image the generator made; nothing leaks.
import * as tf from '@tensorflow/tfjs';
import { useWasmBackend } from '@ganforge/family-testing';
import { disposeCode } from '@ganforge/core/project';
import { describe, expect, it } from 'vitest';
import { createGenerator, dcgan, project } from '../src/index.js';
import { tinyConfig as config } from './fixtures.js';

describe('dcgan projection', () => {
  useWasmBackend();

  it('finds the z of an image the generator made (best of 4 restarts) and leaks nothing', async () => {
    const generator = createGenerator(config, 31);
    const z = dcgan.latent(config, 1, 7);
    const targets = generator.predict(z) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const first: number[] = [];
    const result = await project(generator, targets, { config, steps: 200, seed: 2, onStep: ({ step, distance }) => void (step === 1 && first.push(...distance)) });
    expect(result.space).toBe('z');
    expect(result.code.z!.shape).toEqual([1, config.latentDim]);
    expect(result.distances[0]).toBeLessThan(2e-3);
    expect(result.distances[0]).toBeLessThan(first[0]! / 20);
    disposeCode(result.code);
    result.images.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(project(generator, targets, { config, space: 'w+' })).rejects.toThrow('latent space "w+" does not exist here; this generator projects into z');
    tf.dispose([z, targets]);
    generator.dispose();
  });
});
