import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
import { toy, defaults } from '@ganforge/toy';
await initBackend({ backend: (process.env.BACKEND ?? 'wasm') as 'wasm' });
const time = async (name: string, f: () => tf.Tensor | tf.Tensor[], n = 20) => {
  for (let i = 0; i < 3; i++) { const r = f(); await (Array.isArray(r) ? r[0]! : r).data(); tf.dispose(r); }
  const t0 = performance.now();
  for (let i = 0; i < n; i++) { const r = f(); await (Array.isArray(r) ? r[0]! : r).data(); tf.dispose(r); }
  console.log(name, ((performance.now() - t0) / n).toFixed(2), 'ms');
};
const a = tf.randomNormal([200, 400]); const b = tf.randomNormal([400, 400]);
await time('matmul 200x400x400', () => tf.matMul(a, b));
const nets = toy.build(defaults, 1);
const z = tf.randomNormal([200, 2]);
await time('G predict 200', () => nets.generator.predict(z) as tf.Tensor);
await time('G apply training 200', () => nets.generator.apply(z, { training: true }) as tf.Tensor);
const x = tf.randomNormal([100, 4]);
await time('D predict 100', () => nets.discriminator.predict(x) as tf.Tensor);
const gv = nets.generator.trainableWeights.map((w) => w.read() as tf.Variable);
await time('G grads', () => { const { value, grads } = tf.variableGrads(() => tf.mean(nets.generator.apply(z, { training: true }) as tf.Tensor) as tf.Scalar, gv); return [value, ...Object.values(grads)]; });
const dv = nets.discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
await time('D grads', () => { const { value, grads } = tf.variableGrads(() => tf.mean(nets.discriminator.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, dv); return [value, ...Object.values(grads)]; });
