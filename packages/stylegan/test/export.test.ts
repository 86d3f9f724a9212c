import * as tf from '@tensorflow/tfjs';
import { maxAbsDifference, roundTrip, useWasmBackend } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { createDiscriminator, createGenerator, generateImages, mapping, numWs, stylegan, synthesize, truncation } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

describe('StyleGAN export for the demo', () => {
  useWasmBackend();

  it('exportSpec: mapping and synthesis share the generator\'s weights, survive a save/load, and synthesis(ws) = synthesize(ws) with a w per layer', async () => {
    const generator = createGenerator(tinyConfig, 3);
    tf.tidy(() => truncation(generator).track(tf.fill([tinyConfig.wDim], 0.25) as tf.Tensor1D, 0));
    const discriminator = createDiscriminator(tinyConfig, 4);
    const spec = await stylegan.exportSpec!({ generator, discriminator }, tinyConfig);
    expect(spec.input).toMatchObject({ kind: 'style', latentDim: 8, wDim: 8, numWs: numWs(16) });
    expect((spec.input as { wAvg: number[] }).wAvg).toEqual(Array(8).fill(0.25));
    const mappingNet = await roundTrip(spec.models!.mapping!);
    const synthesisNet = await roundTrip(spec.models!.synthesis!);
    const z = tf.randomNormal([3, 8], 0, 1, 'float32', 5) as tf.Tensor2D;
    // Two different ws, so a layer reading the wrong w index shows.
    const [w0, w1] = [mapping(generator, tinyConfig, z), mapping(generator, tinyConfig, tf.neg(z) as tf.Tensor2D)];
    expect(await maxAbsDifference(mappingNet.predict(z) as tf.Tensor, w0)).toBeLessThan(1e-5);
    const perLayer = Array.from({ length: numWs(16) }, (_, i) => (i % 2 === 0 ? w0 : w1));
    const ws = tf.stack(perLayer, 1); // [3, numWs, wDim]
    expect(await maxAbsDifference(synthesisNet.predict(ws) as tf.Tensor, synthesize(generator, perLayer))).toBeLessThan(1e-4);
    // One w everywhere: the generator's own images.
    const same = tf.stack(Array(numWs(16)).fill(w0), 1);
    expect(await maxAbsDifference(synthesisNet.predict(same) as tf.Tensor, generateImages(generator, tinyConfig, z))).toBeLessThan(1e-4);
  });
});
