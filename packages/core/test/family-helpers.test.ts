import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  doublingPlan,
  fitImages,
  fitSquareImages,
  imageShapeOf,
  imageSizeOverrides,
  initBackend,
  nearestValidShapes,
  normalLatent,
  parseImageSize,
} from '../src/index.js';

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

  it('parseImageSize reads --size N and HxW, and refuses anything else in one line', () => {
    expect(parseImageSize('64')).toEqual({ height: 64, width: 64 });
    expect(parseImageSize('32x64')).toEqual({ height: 32, width: 64 });
    expect(parseImageSize('32X48')).toEqual({ height: 32, width: 48 });
    for (const bad of ['', '0', '32x', 'x64', '32x0', '3.5x4', '32x64x2', '-8']) {
      expect(() => parseImageSize(bad)).toThrow(`--size takes N or HxW in pixels (e.g. 64 or 32x64), got "${bad}"`);
    }
  });

  it('a config stores a square as imageSize alone, another shape in imageHeight and imageWidth; configs without them read as squares', () => {
    const withShape = { imageSize: 64, imageHeight: 0, imageWidth: 0, channels: 3 as const };
    expect(imageShapeOf({ imageSize: 28 })).toEqual({ height: 28, width: 28 }); // a checkpoint written before the fields
    expect(imageShapeOf(withShape)).toEqual({ height: 64, width: 64 });
    const fitted = fitImages(withShape, { height: 32, width: 64, channels: 1, numClasses: 0 });
    expect(fitted).toEqual({ imageSize: 0, imageHeight: 32, imageWidth: 64, channels: 1 });
    expect(imageShapeOf(fitted)).toEqual({ height: 32, width: 64 });
    expect(fitImages(fitted, { height: 16, width: 16, channels: 1, numClasses: 0 })).toEqual({ imageSize: 16, imageHeight: 0, imageWidth: 0, channels: 1 });
  });

  it('imageSizeOverrides: --size HxW sets the shape fields where a family has them, and is one line naming the family where its networks are square by design', () => {
    const anyShape = { imageSize: 64, imageHeight: 0, imageWidth: 0 };
    expect(imageSizeOverrides('dcgan', anyShape, { height: 32, width: 64 })).toEqual({ imageSize: 0, imageHeight: 32, imageWidth: 64 });
    expect(imageSizeOverrides('dcgan', anyShape, { height: 32, width: 32 })).toEqual({ imageSize: 32, imageHeight: 0, imageWidth: 0 });
    expect(imageSizeOverrides('progan', { imageSize: 256 }, { height: 32, width: 32 })).toEqual({ imageSize: 32 });
    expect(() => imageSizeOverrides('progan', { imageSize: 256 }, { height: 32, width: 64 })).toThrow(
      new ConfigError('progan needs square images, got 32x64: its networks are square by design; pass --size N (e.g. --size 32)'),
    );
  });

  it('doublingPlan halves both sides until the shorter is 4..7 pixels, and names the nearest valid sizes otherwise', () => {
    expect(doublingPlan({ height: 64, width: 64 })).toEqual({ startHeight: 4, startWidth: 4, upsamples: 4 });
    expect(doublingPlan({ height: 28, width: 28 })).toEqual({ startHeight: 7, startWidth: 7, upsamples: 2 });
    expect(doublingPlan({ height: 32, width: 64 })).toEqual({ startHeight: 4, startWidth: 8, upsamples: 3 });
    expect(doublingPlan({ height: 64, width: 48 })).toEqual({ startHeight: 8, startWidth: 6, upsamples: 3 });
    expect(() => doublingPlan({ height: 30, width: 64 })).toThrow(
      new ConfigError('image size 30x64 cannot be reached by doubling both sides from a start whose shorter side is 4..7 pixels; nearest valid sizes: 28x64, 32x64'),
    );
    expect(() => doublingPlan({ height: 30, width: 30 })).toThrow(/^image size 30 cannot be reached by doubling from 4\.\.7 pixels; nearest valid sizes: 28, 32$/);
  });

  it('nearestValidShapes: fewest pixels changed, ties all listed, nothing beyond its reach', () => {
    const even = ({ height, width }: { height: number; width: number }) => height % 2 === 0 && width % 2 === 0;
    expect(nearestValidShapes({ height: 5, width: 8 }, even)).toEqual([{ height: 4, width: 8 }, { height: 6, width: 8 }]);
    expect(nearestValidShapes({ height: 5, width: 7 }, even)).toEqual([
      { height: 4, width: 6 },
      { height: 4, width: 8 },
      { height: 6, width: 6 },
      { height: 6, width: 8 },
    ]);
    expect(nearestValidShapes({ height: 5, width: 8 }, () => false, 4)).toEqual([]);
  });
});
