import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { PixelShuffle, pixelShuffle } from '../src/layers/index.js';

/** [1, 1, 2, 8] holding 0..15: two pixels of 8 channels each. */
const input = () => tf.tensor4d(Array.from({ length: 16 }, (_, i) => i), [1, 1, 2, 8]);

describe('PixelShuffle', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('rearranges channels into 2x2 blocks as computed by hand (DCR = TensorFlow, CRD = PyTorch)', async () => {
    const x = input();
    // DCR: out(2h + i, 2w + j, c) = in(h, w, (2i + j)·2 + c). Pixel 0 holds 0..7, pixel 1 holds 8..15.
    // Row 0: (i=0): [ch 0,1 | ch 2,3] of pixel 0, then of pixel 1; row 1 (i=1): ch 4,5 | 6,7.
    const dcr = pixelShuffle(x, 2);
    expect(dcr.shape).toEqual([1, 2, 4, 2]);
    expect(Array.from(await dcr.data())).toEqual([0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15]);
    // CRD: out(2h + i, 2w + j, c) = in(h, w, 4c + 2i + j): c = 0 reads channels 0..3, c = 1 reads 4..7.
    const crd = pixelShuffle(x, 2, 'CRD');
    expect(Array.from(await crd.data())).toEqual([0, 4, 1, 5, 8, 12, 9, 13, 2, 6, 3, 7, 10, 14, 11, 15]);
    tf.dispose([x, dcr, crd]);
  });

  it('DCR equals tf.depthToSpace on random data; the gradient is the inverse shuffle', async () => {
    const x = tf.randomNormal([2, 3, 5, 12], 0, 1, 'float32', 4) as tf.Tensor4D;
    const ours = pixelShuffle(x, 2);
    const reference = tf.depthToSpace(x, 2);
    expect(Array.from(await ours.data())).toEqual(Array.from(await reference.data()));
    // d/dx sum(shuffle(x) · w) = unshuffle(w): each input element gets exactly the weight of where it went.
    const w = tf.randomNormal([2, 6, 10, 3], 0, 1, 'float32', 5);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pixelShuffle(t as tf.Tensor4D, 2), w)))(x);
    const shuffledGrad = pixelShuffle(grad as tf.Tensor4D, 2);
    expect(Array.from(await shuffledGrad.data())).toEqual(Array.from(await w.data()));
    tf.dispose([x, ours, reference, w, grad, shuffledGrad]);
  });

  it('works as a layer on unknown spatial sizes, leaks nothing, and survives a save/load round trip', async () => {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [null, null, 3], filters: 12, kernelSize: 3, padding: 'same', name: 'conv' }));
    model.add(new PixelShuffle({ factor: 2, mode: 'CRD', name: 'shuffle' }));
    expect(model.getLayer('shuffle').outputShape).toEqual([null, null, null, 3]);
    const x = tf.randomUniform([1, 5, 7, 3], -1, 1, 'float32', 1);
    const before = tf.memory().numTensors;
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 10, 14, 3]);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect((loaded.getLayer('shuffle') as PixelShuffle).mode).toBe('CRD');
    const z = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await z.data())).toEqual(Array.from(await y.data()));
    tf.dispose([y, z]);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('rejects channels that are not a multiple of factor² with a clear error', () => {
    const x = tf.zeros([1, 2, 2, 6]) as tf.Tensor4D;
    expect(() => pixelShuffle(x, 2)).toThrow(/divisible by 4; got 6 channels/);
    x.dispose();
    const model = tf.sequential();
    model.add(tf.layers.inputLayer({ inputShape: [4, 4, 6] }));
    expect(() => model.add(new PixelShuffle({ factor: 2, name: 'bad' }))).toThrow(/layer "bad".*divisible by 4, got 6/);
  });
});
