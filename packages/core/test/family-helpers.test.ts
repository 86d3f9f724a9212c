import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, fitSquareImages, initBackend, normalLatent } from '../src/index.js';

describe('family hook helpers', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('normalLatent: [count, latentDim] standard normal codes, the same for a seed (seed 0 included), others for another', async () => {
    const config = { latentDim: 64 };
    const before = tf.memory().numTensors;
    const [a, again, zero, zeroAgain, other] = [normalLatent(config, 50, 3), normalLatent(config, 50, 3), normalLatent(config, 50, 0), normalLatent(config, 50, 0), normalLatent(config, 50, 4)];
    expect(a.shape).toEqual([50, 64]);
    const values = (await a.data()) as Float32Array;
    expect(await again.data()).toEqual(values);
    expect(await zeroAgain.data()).toEqual(await zero.data());
    expect(await other.data()).not.toEqual(values);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.1); // 3200 draws: std of the mean 0.018
    expect(variance).toBeGreaterThan(0.85);
    expect(variance).toBeLessThan(1.15);
    tf.dispose([a, again, zero, zeroAgain, other]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fitSquareImages takes the data side and channels, and names the family when images are not square', () => {
    const config = { imageSize: 64, channels: 3 as const, latentDim: 8 };
    expect(fitSquareImages('DCGAN', config, { height: 28, width: 28, channels: 1, numClasses: 10 })).toEqual({ imageSize: 28, channels: 1, latentDim: 8 });
    expect(() => fitSquareImages('ProGAN', config, { height: 28, width: 32, channels: 1, numClasses: 0 })).toThrow(ConfigError);
    expect(() => fitSquareImages('ProGAN', config, { height: 28, width: 32, channels: 1, numClasses: 0 })).toThrow('ProGAN needs square images, got 28x32');
  });
});
