import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { Upsample2D, upsample2d } from '../src/layers/index.js';
import { closeTo, roundTrip, values } from './karras-fixtures.js';

describe('Upsample2D', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('nearest repeats pixels; bilinear uses half-pixel centres (PyTorch align_corners=False): hand values', async () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const nearest = upsample2d(x, 2);
    expect(await values(nearest)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    const bilinear = upsample2d(x, 2, 'bilinear');
    expect(closeTo(await values(bilinear), [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4])).toBe(true);
    // The same values as tfjs' own half-pixel resize for other factors.
    const y = tf.randomNormal([2, 3, 4, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    for (const f of [3, 4]) {
      const [a, b] = [upsample2d(y, f, 'bilinear'), tf.image.resizeBilinear(y, [3 * f, 4 * f], false, true)];
      expect(closeTo(await values(a), await values(b))).toBe(true);
      tf.dispose([a, b]);
    }
    tf.dispose([x, nearest, bilinear, y]);
  });

  it("bilinear's gradient is the adjoint of the resize (tfjs' own ResizeBilinearGrad ignores half-pixel centres)", async () => {
    // <up(x), r> = <x, up*(r)> for every x: the gradient of <up(x), r> in x is up*(r), checked on unit vectors.
    const r = tf.randomNormal([1, 4, 4, 1], 0, 1, 'float32', 2);
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(upsample2d(x as tf.Tensor4D, 2, 'bilinear'), r)))(tf.zeros([1, 2, 2, 1]));
    const expected: number[] = [];
    for (let i = 0; i < 4; i++) {
      const product = tf.tidy(() => tf.sum(tf.mul(upsample2d(tf.reshape(tf.oneHot(tf.tensor1d([i], 'int32'), 4), [1, 2, 2, 1]) as tf.Tensor4D, 2, 'bilinear'), r)));
      expected.push((await values(product))[0]!);
      product.dispose();
    }
    expect(closeTo(await values(grad), expected)).toBe(true);
    tf.dispose([r, grad]);
  });

  it('survives a save/load round trip in a model', async () => {
    const model = tf.sequential({ layers: [new Upsample2D({ inputShape: [2, 3, 1], factor: 2, interpolation: 'bilinear' })] });
    expect(model.outputs[0]!.shape).toEqual([null, 4, 6, 1]);
    const loaded = await roundTrip(model);
    const x = tf.randomNormal([1, 2, 3, 1], 0, 1, 'float32', 3);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(await values(b)).toEqual(await values(a));
    expect(() => new Upsample2D({ interpolation: 'cubic' as 'nearest' })).toThrow(/nearest" or "bilinear/);
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
