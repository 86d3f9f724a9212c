import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { bicubicResize, bicubicWeights, keysCubic } from '../src/image/index.js';
import { BicubicUpsample } from '../src/layers/index.js';

const row = (values: number[]) => tf.tensor4d(values, [1, 1, values.length, 1]);
const close = (actual: ArrayLike<number>, expected: number[], digits = 5) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits));
};

describe('bicubic resize', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it("Keys' kernel (a = -0.5) at the quarter offsets of a x2 resize, by hand", () => {
    // |x| <= 1: 1.5|x|³ - 2.5|x|² + 1;  1 < |x| < 2: -0.5|x|³ + 2.5|x|² - 4|x| + 2.
    expect(keysCubic(0)).toBe(1);
    expect(keysCubic(0.25)).toBe(0.8671875);
    expect(keysCubic(-0.75)).toBe(0.2265625);
    expect(keysCubic(1.25)).toBe(-0.0703125);
    expect(keysCubic(1.75)).toBe(-0.0234375);
    expect(keysCubic(2)).toBe(0);
  });

  it('enlarging x2: an impulse spreads into the hand-computed kernel taps', async () => {
    // Output o samples input (o + 0.5)/2 - 0.5; the impulse at 3 meets outputs 3..10 at ±0.25, ±0.75, ±1.25, ±1.75.
    const up = bicubicResize(row([0, 0, 0, 1, 0, 0, 0, 0]), [1, 16]);
    close(await up.data(), [0, 0, 0, -0.0234375, -0.0703125, 0.2265625, 0.8671875, 0.8671875, 0.2265625, -0.0703125, -0.0234375, 0, 0, 0, 0, 0]);
    up.dispose();
  });

  it('shrinking x2 antialiases: the kernel is stretched to 8 taps of half the height', async () => {
    // Output 2 samples input 4.5: taps 1..8 at distances 3.5, 2.5, ..., -3.5, weights ½·k(d/2).
    const taps = [-0.01171875, -0.03515625, 0.11328125, 0.43359375, 0.43359375, 0.11328125, -0.03515625, -0.01171875];
    const weights = bicubicWeights(16, 8);
    close(weights.subarray(2 * 16, 3 * 16), [0, ...taps, 0, 0, 0, 0, 0, 0, 0]);
    const plain = bicubicWeights(16, 8, false); // no antialias: the 4-tap kernel at ±0.5, ±1.5
    close(plain.subarray(2 * 16, 3 * 16), [0, 0, 0, -0.0625, 0.5625, 0.5625, -0.0625, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('repeats the edge pixel at borders (MATLAB) and reproduces a linear ramp inside', async () => {
    const down = bicubicResize(row([0, 1, 2, 3, 4, 5, 6, 7]), [1, 4]);
    // Output 0 centres at 0.5: taps -3..4 read 2, 1, 0, 0, 1, 2, 3, 4 (x[-k] = x[k - 1]).
    // -0.01171875·2 - 0.03515625·1 + 0.11328125·0 + 0.43359375·0 + 0.43359375·1 + 0.11328125·2 - 0.03515625·3 - 0.01171875·4
    const values = await down.data();
    expect(values[0]).toBeCloseTo(0.44921875, 6);
    // Output 1 (centre 2.5) still reaches x[-1] = x[0] with its 8 taps:
    // -0.01171875·0 - 0.03515625·0 + 0.11328125·1 + 0.43359375·2 + 0.43359375·3 + 0.11328125·4 - 0.03515625·5 - 0.01171875·6
    expect(values[1]).toBeCloseTo(2.48828125, 6);
    down.dispose();
    // Away from the edges, linear functions are reproduced exactly: output o of a 16-pixel ramp is 2o + 0.5.
    const inner = bicubicResize(row(Array.from({ length: 16 }, (_, i) => i)), [1, 8]);
    close((await inner.data()).subarray(2, 6), [4.5, 6.5, 8.5, 10.5]);
    inner.dispose();
  });

  it('x1/4 matches PIL (Image.resize BICUBIC, float mode) away from the borders', async () => {
    // Values from Pillow 9.4 on the same 24 x 24 image; PIL and MATLAB differ only near edges.
    const pixels = Array.from({ length: 24 * 24 }, (_, k) => (((Math.floor(k / 24) * 7 + (k % 24) * 13) % 17) * 15));
    const image = tf.tensor4d(pixels, [1, 24, 24, 1]);
    const small = bicubicResize(image, [6, 6]);
    const values = await small.data();
    close([values[2 * 6 + 2]!, values[2 * 6 + 3]!, values[3 * 6 + 2]!, values[3 * 6 + 3]!], [119.68595, 118.26531, 118.12418, 120.660774], 3);
    tf.dispose([image, small]);
  });

  it('keeps constants everywhere, handles every channel and odd sizes, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tidy(() => tf.concat([tf.fill([2, 7, 9, 1], 0.25), tf.fill([2, 7, 9, 1], -0.5), tf.fill([2, 7, 9, 1], 1)], 3)) as tf.Tensor4D;
    const resized = bicubicResize(x, [13, 4]);
    expect(resized.shape).toEqual([2, 13, 4, 3]);
    const values = await resized.data();
    for (let i = 0; i < values.length; i += 3) close(values.subarray(i, i + 3), [0.25, -0.5, 1]);
    const same = bicubicResize(x, [7, 9]);
    expect(Array.from(await same.data())).toEqual(Array.from(await x.data()));
    tf.dispose([x, resized, same]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects impossible sizes', () => {
    expect(() => bicubicWeights(4, 0)).toThrow(/whole sizes of 1 or more, got 4 -> 0/);
  });

  it('BicubicUpsample layer: bicubicResize by a factor, any size, and a save/load round trip', async () => {
    const model = tf.sequential();
    model.add(new BicubicUpsample({ inputShape: [null, null, 2], factor: 3, name: 'up' }));
    expect(model.outputs[0]!.shape).toEqual([null, null, null, 2]);
    const x = tf.randomUniform([2, 5, 3, 2], -1, 1, 'float32', 2) as tf.Tensor4D;
    const y = model.predict(x) as tf.Tensor;
    const reference = bicubicResize(x, [15, 9]);
    expect(y.shape).toEqual([2, 15, 9, 2]);
    expect(Array.from(await y.data())).toEqual(Array.from(await reference.data()));
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect((loaded.getLayer('up') as BicubicUpsample).factor).toBe(3);
    tf.dispose([x, y, reference]);
    model.dispose();
    loaded.dispose();
    expect(() => new BicubicUpsample({ factor: 1.5 })).toThrow(/positive integer, got 1.5/);
  });
});
