import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { ReflectionPad2d } from '../src/layers/index.js';

describe('ReflectionPad2d', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('mirrors without repeating the edge, as PyTorch (hand-written 5x5 result), and says its output shape', async () => {
    const m = tf.sequential();
    m.add(new ReflectionPad2d({ padding: 1, inputShape: [3, 3, 1], name: 'pad' }));
    expect(m.outputShape).toEqual([null, 5, 5, 1]);
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const before = tf.memory().numTensors;
    const y = m.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 5, 5, 1]);
    // torch.nn.ReflectionPad2d(1)(torch.arange(1., 10.).view(1, 1, 3, 3))
    expect(Array.from(await y.data())).toEqual([
      5, 4, 5, 6, 5,
      2, 1, 2, 3, 2,
      5, 4, 5, 6, 5,
      8, 7, 8, 9, 8,
      5, 4, 5, 6, 5,
    ]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    m.dispose();
  });

  it('pads sides apart and sends each output gradient back to the pixel it copied', async () => {
    const layer = new ReflectionPad2d({ padding: [[0, 2], [1, 0]] });
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 5, 4, 1]);
    expect(Array.from(await y.data())).toEqual([2, 1, 2, 3, 5, 4, 5, 6, 8, 7, 8, 9, 5, 4, 5, 6, 2, 1, 2, 3]);
    // Gradient of Σ pad(x): how many times each pixel appears in the padded image: rows 0, 1, 2,
    // 1, 0 (row counts 2, 2, 1) times columns 1, 0, 1, 2 (column counts 1, 2, 1).
    const grad = tf.grad((t: tf.Tensor) => tf.sum(layer.apply(t) as tf.Tensor))(x);
    expect(Array.from(await grad.data())).toEqual([2, 4, 2, 2, 4, 2, 1, 2, 1]);
    tf.dispose([x, y, grad]);
  });

  it('has the gradient of the same padding written as slices, reverses and concats (bands on both sides, several widths)', async () => {
    /** Reflection padding from ops whose gradients tfjs has right: the reference. */
    const reference = (x: tf.Tensor4D, [[top, bottom], [left, right]]: [[number, number], [number, number]]) => {
      const axisPad = (t: tf.Tensor4D, axis: 1 | 2, before: number, after: number) => {
        const size = t.shape[axis];
        const part = (start: number, length: number) => {
          const begin = [0, 0, 0, 0];
          const shape = [...t.shape];
          begin[axis] = start;
          shape[axis] = length;
          return tf.reverse(tf.slice(t, begin, shape), axis);
        };
        const parts = [...(before > 0 ? [part(1, before)] : []), t, ...(after > 0 ? [part(size - 1 - after, after)] : [])];
        return tf.concat(parts, axis) as tf.Tensor4D;
      };
      return axisPad(axisPad(x, 1, top, bottom), 2, left, right);
    };
    for (const padding of [[[2, 3], [1, 2]], [[1, 1], [3, 3]], [[3, 0], [0, 4]]] as [[number, number], [number, number]][]) {
      const x = tf.randomNormal([2, 7, 6, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
      const layer = new ReflectionPad2d({ padding });
      const ours = layer.apply(x) as tf.Tensor4D;
      const theirs = reference(x, padding);
      expect(Array.from(await ours.data())).toEqual(Array.from(await theirs.data()));
      const r = tf.randomNormal(ours.shape, 0, 1, 'float32', 4);
      const gradOurs = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(layer.apply(t) as tf.Tensor, r)))(x);
      const gradTheirs = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(reference(t as tf.Tensor4D, padding), r)))(x);
      const [a, b] = [await gradOurs.data(), await gradTheirs.data()];
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
      tf.dispose([x, ours, theirs, r, gradOurs, gradTheirs]);
    }
  });

  it('round-trips through serialization and refuses padding as large as the image', async () => {
    const m = tf.sequential();
    m.add(new ReflectionPad2d({ padding: 3, inputShape: [8, 8, 2], name: 'pad' }));
    let saved: tf.io.ModelArtifacts | undefined;
    await m.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.getLayer('pad').getConfig()).toMatchObject({ padding: [[3, 3], [3, 3]] });
    const x = tf.randomNormal([1, 8, 8, 2], 0, 1, 'float32', 1);
    const [a, b] = [m.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(b.shape).toEqual([1, 14, 14, 2]);
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    const small = tf.zeros([1, 3, 3, 1]);
    expect(() => new ReflectionPad2d({ padding: 3 }).apply(small)).toThrow(/needs images larger than the padding, got 3x3/);
    expect(() => new ReflectionPad2d({ padding: -1 })).toThrow(/whole numbers/);
    tf.dispose([x, a, b, small]);
    m.dispose();
    loaded.dispose();
  });
});
