import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { createPatchDiscriminator, modelReceptiveField, patchReceptiveField } from '../src/networks/index.js';

/** Height and width of the input region whose pixels change output logit (row, col): the non-zero gradient's bounding box. */
async function gradientSupport(model: tf.LayersModel, size: number, channels: number, row: number, col: number): Promise<[number, number]> {
  const x = tf.randomNormal([1, size, size, channels], 0, 1, 'float32', 3);
  const grad = tf.grad((input: tf.Tensor) => {
    const logits = model.apply(input, { training: false }) as tf.Tensor4D;
    return tf.sum(tf.slice(logits, [0, row, col, 0], [1, 1, 1, 1]));
  })(x);
  const g = await grad.data();
  tf.dispose([x, grad]);
  let [top, bottom, left, right] = [size, -1, size, -1];
  for (let y = 0; y < size; y++) {
    for (let xx = 0; xx < size; xx++) {
      let any = false;
      for (let c = 0; c < channels; c++) any ||= g[(y * size + xx) * channels + c] !== 0;
      if (!any) continue;
      [top, bottom, left, right] = [Math.min(top, y), Math.max(bottom, y), Math.min(left, xx), Math.max(right, xx)];
    }
  }
  return [bottom - top + 1, right - left + 1];
}

describe('PatchGAN discriminator', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('computes receptive fields 70 (nLayers 3), 34 (2), 16 (1) and 1 (PixelGAN)', () => {
    expect(patchReceptiveField(3)).toBe(70);
    expect(patchReceptiveField(2)).toBe(34);
    expect(patchReceptiveField(1)).toBe(16);
    expect(patchReceptiveField(0)).toBe(1);
    for (const nLayers of [0, 1, 3]) {
      const model = createPatchDiscriminator({ inputShape: [32, 32, 6], ndf: 4, nLayers });
      expect(modelReceptiveField(model)).toBe(patchReceptiveField(nLayers));
      model.dispose();
    }
  });

  it('each logit of the 70x70 PatchGAN depends on exactly a 70x70 input patch (measured by gradients)', async () => {
    const model = createPatchDiscriminator({ inputShape: [128, 128, 2], ndf: 4, nLayers: 3 });
    expect(await gradientSupport(model, 128, 2, 7, 7)).toEqual([70, 70]);
    model.dispose();
    // (Instance norm would spread every gradient over the whole image: its statistics are global.)
    const pixel = createPatchDiscriminator({ inputShape: [16, 16, 2], ndf: 4, nLayers: 0 });
    const support = await gradientSupport(pixel, 16, 2, 5, 9);
    expect(support).toEqual([1, 1]);
    pixel.dispose();
  });

  it.each([
    // Weights: 5 convs (4 biases dropped before batch norm: conv2..conv4), 3 batch norms (γ, β).
    ['pix2pix 256, batch norm', { inputShape: [256, 256, 6] as [number, number, number], ndf: 4 }, [2, 30, 30, 1], [true, false, false, false, true], 13],
    // 5 convs, all with bias; instance norm without affine has no weights.
    ['CycleGAN 128, instance norm', { inputShape: [128, 128, 3] as [number, number, number], ndf: 4, norm: 'instance' as const }, [2, 14, 14, 1], [true, true, true, true, true], 10],
    ['16x16 patches at 64', { inputShape: [64, 64, 3] as [number, number, number], ndf: 4, nLayers: 1 }, [2, 30, 30, 1], [true, false, true], 7],
    ['PixelGAN at 32', { inputShape: [32, 32, 3] as [number, number, number], ndf: 4, nLayers: 0 }, [2, 32, 32, 1], [true, false, true], 7],
  ])('%s: logits of the right shape, no bias before batch norm, no leaks', async (_name, options, shape, biases, weights) => {
    const before = tf.memory().numTensors;
    const model = createPatchDiscriminator({ ...options, seed: 1 });
    const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
    expect(convs.map((l) => (l.getConfig() as { useBias: boolean }).useBias)).toEqual(biases);
    expect(model.trainableWeights).toHaveLength(weights);
    const x = tf.zeros([2, ...options.inputShape]);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual(shape);
    tf.dispose([x, y]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is seeded: the same seed and network give the same weights, another network other weights', async () => {
    const weights = async (seed: number, network: number) => {
      const m = createPatchDiscriminator({ inputShape: [16, 16, 3], ndf: 2, seed, network });
      const w = await m.getWeights()[0]!.data();
      m.dispose();
      return Array.from(w);
    };
    expect(await weights(1, 0)).toEqual(await weights(1, 0));
    expect(await weights(1, 1)).not.toEqual(await weights(1, 0));
    expect(() => createPatchDiscriminator({ inputShape: [20, 20, 3], nLayers: 3 })).toThrow(/divisible by 8, got 20x20/);
  });
});
