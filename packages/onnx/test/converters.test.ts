// How a family adds a converter for its own layer, what happens without one, and the errors a user
// gets for a missing onnxruntime-node or a file that is not ONNX.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@ganforge/core';
import { attr, type OnnxLayerConverter } from '@ganforge/core/onnx';
import { exportOnnx, loadOnnxRuntime, OnnxSession, readGanforgeOnnx } from '../src/index.js';

/** A family's own layer: y = 2x + 1 (no weights). */
class TwiceLayer extends tf.layers.Layer {
  static className = 'TestTwiceLayer';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(tf.mul(Array.isArray(inputs) ? inputs[0]! : inputs, 2), 1));
  }
}
tf.serialization.registerClass(TwiceLayer);

/** Its converter, as a family writes it in src/onnx.ts. */
const twice: OnnxLayerConverter = (ctx) => {
  const x = ctx.inputs[0]!;
  const doubled = ctx.graph.op('Mul', [x.name, ctx.graph.scalar(2)], {}, `${ctx.prefix}/double`);
  return { ...x, name: ctx.graph.op('Add', [doubled, ctx.graph.scalar(1)], {}, ctx.prefix) };
};

let model: tf.LayersModel;

describe('ONNX converters and errors', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm', threads: 1 });
    model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4, name: 'dense' }), new TwiceLayer({ name: 'twice' })] });
  });
  afterAll(() => model.dispose());

  it('names the layer whose class has no converter', async () => {
    await expect(exportOnnx(model, { name: 'test', architecture: {}, inputs: [{ name: 'z' }], outputs: ['y'] })).rejects.toThrow(
      /^layer "twice" \(TestTwiceLayer\) has no ONNX mapping yet; its package needs an ONNX converter for TestTwiceLayer$/,
    );
  });

  it('exports with the family\'s converter, which ONNX Runtime runs as tfjs does', async () => {
    const { bytes, graph } = await exportOnnx(model, { name: 'test', architecture: { onnx: { converters: { TestTwiceLayer: twice } } }, inputs: [{ name: 'z' }], outputs: ['y'] });
    expect(graph.nodes.map((n) => n.opType)).toEqual(['MatMul', 'Add', 'Mul', 'Add', 'Identity']);
    expect(graph.inputs).toEqual([{ name: 'z', type: 'float32', shape: ['N', 3] }]);
    const session = await OnnxSession.create(bytes, { threads: 1 });
    const z = tf.randomNormal([5, 3], 0, 1, 'float32', 4);
    const [onnx, tfjs] = [await session.runOne({ z }), model.predict(z) as tf.Tensor];
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(onnx, tfjs))));
    expect((await difference.data())[0]).toBeLessThan(1e-6);
    tf.dispose([z, onnx, tfjs, difference]);
    await session.release();
    expect(attr.int(1)).toEqual({ type: 'int', value: 1 });
  });

  it('says how to install onnxruntime-node when it is missing', async () => {
    await expect(loadOnnxRuntime('onnxruntime-node-that-is-not-installed')).rejects.toThrow(
      /^--runtime onnx needs onnxruntime-node, which is not installed; install it with: npm install onnxruntime-node@1\.31\.1 --ignore-scripts/,
    );
    await expect(loadOnnxRuntime()).resolves.toHaveProperty('InferenceSession');
  });

  it('tells a file that is not ONNX from an ONNX file without ganforge metadata', async () => {
    expect(() => readGanforgeOnnx(new TextEncoder().encode('{"format": 1, "not": "onnx"}'), 'ganforge.json')).toThrow(/^"ganforge\.json" is not an ONNX model \(.*\); import reads/);
    const { bytes } = await exportOnnx(model, { name: 'test', architecture: { onnx: { converters: { TestTwiceLayer: twice } } }, inputs: [{ name: 'z' }], outputs: ['y'] });
    expect(() => readGanforgeOnnx(bytes, 'model.onnx')).toThrow(/^"model\.onnx" is an ONNX model but not a ganforge export \(no "ganforge" metadata\)/);
  });
});
