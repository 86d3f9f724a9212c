import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
await initBackend({ backend: 'wasm' });
const time = async (name: string, f: () => tf.Tensor | tf.Tensor[], n = 20) => {
  for (let i = 0; i < 3; i++) { const r = f(); await (Array.isArray(r) ? r[0]! : r).data(); tf.dispose(r); }
  const t0 = performance.now();
  for (let i = 0; i < n; i++) { const r = f(); await (Array.isArray(r) ? r[0]! : r).data(); tf.dispose(r); }
  console.log(name, ((performance.now() - t0) / n).toFixed(2), 'ms');
};
const build = (kind: string) => {
  const m = tf.sequential();
  for (let i = 0; i < 3; i++) {
    const input = i === 0 ? { inputShape: [4] } : {};
    if (kind === 'global') { m.add(tf.layers.dense({ ...input, units: 1000 })); m.add(tf.layers.reshape({ targetShape: [5, 200] })); m.add(tf.layers.globalMaxPooling1d({})); }
    else if (kind === 'pool') { m.add(tf.layers.dense({ ...input, units: 1000 })); m.add(tf.layers.reshape({ targetShape: [1000, 1] })); m.add(tf.layers.maxPooling1d({ poolSize: 5, strides: 5 })); m.add(tf.layers.flatten({})); }
    else { m.add(tf.layers.dense({ ...input, units: 200 })); m.add(tf.layers.leakyReLU({ alpha: 0.2 })); }
  }
  m.add(tf.layers.dense({ units: 1 }));
  return m;
};
const x = tf.randomNormal([100, 4]);
for (const kind of ['global', 'pool', 'leaky', 'global', 'pool', 'leaky']) {
  const d = build(kind);
  const dv = d.trainableWeights.map((w) => w.read() as tf.Variable);
  await time(`${kind} fwd`, () => d.apply(x) as tf.Tensor);
  await time(`${kind} grads`, () => { const { value, grads } = tf.variableGrads(() => tf.mean(d.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, dv); return [value, ...Object.values(grads)]; });
  d.dispose();
}
