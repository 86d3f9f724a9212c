import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/index.js';
import { featureExtractor, perceptualLoss } from '../src/losses/index.js';

/** 1x1 conv with fixed weights (features = [r + g, 2b]), then a ReLU layer, then a pooling layer. */
function network(): tf.LayersModel {
  const input = tf.input({ shape: [null, null, 3] });
  const conv = tf.layers.conv2d({ name: 'mix', filters: 2, kernelSize: 1, useBias: false, weights: [tf.tensor4d([1, 0, 1, 0, 0, 2], [1, 1, 3, 2])] });
  const relu = tf.layers.reLU({ name: 'mix-relu' });
  const pool = tf.layers.globalAveragePooling2d({ name: 'pool' });
  const output = pool.apply(relu.apply(conv.apply(input))) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'tiny' });
}

describe('perceptual loss', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it('is the scaled MSE of the chosen layer\'s features, computed by hand', async () => {
    const model = network();
    const extractor = featureExtractor(model, 'mix-relu');
    expect(extractor.outputs[0]!.shape).toEqual([null, null, null, 2]);
    expect(extractor.trainableWeights).toHaveLength(0);
    // One pixel each: output (1, 2, 3) -> features (3, 6); target (0, 0, -1) -> relu(0, -2) = (0, 0).
    const output = tf.tensor4d([1, 2, 3], [1, 1, 1, 3]);
    const target = tf.tensor4d([0, 0, -1], [1, 1, 1, 3]);
    const before = tf.memory().numTensors;
    const loss = perceptualLoss(extractor, output, target, 0.5);
    expect((await loss.data())[0]).toBeCloseTo(0.25 * ((9 + 36) / 2), 5); // s²·mean((3-0)², (6-0)²)
    const same = perceptualLoss((x) => extractor.apply(x) as tf.Tensor, output, output);
    expect((await same.data())[0]).toBe(0);
    tf.dispose([loss, same]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([output, target]);
    model.dispose();
  });

  it('sends gradients to the images, not into the frozen network', async () => {
    const extractor = featureExtractor(network(), 'mix');
    const target = tf.tensor4d([0, 0, 0], [1, 1, 1, 3]);
    const x = tf.variable(tf.tensor4d([1, 1, 1], [1, 1, 1, 3]));
    // features (2, 2); loss = (2² + 2²)/2 = 4; d/dr = d/dg = 2·2/2 = 2 (via r + g), d/db = 2·2·2/2 = 4.
    const { value, grads } = tf.variableGrads(() => perceptualLoss(extractor, x as unknown as tf.Tensor4D, target));
    expect((await value.data())[0]).toBeCloseTo(4, 5);
    expect(Object.keys(grads)).toEqual([x.name]);
    expect(Array.from(await grads[x.name]!.data())).toEqual([2, 2, 4]);
    tf.dispose([value, ...Object.values(grads), target, x]);
  });

  it('names the layers when asked for one that does not exist', () => {
    expect(() => featureExtractor(network(), 'block5_conv4')).toThrow(/model "tiny" has no layer "block5_conv4".*mix, mix-relu, pool/);
  });
});
