import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
await initBackend({ backend: (process.env.BACKEND ?? 'wasm') as 'wasm' });
const time = async (name: string, f: () => tf.Tensor | tf.Tensor[], n = 20) => {
  for (let i = 0; i < 3; i++) { const r = f(); await (Array.isArray(r) ? r[0]! : r).data(); tf.dispose(r); }
  const t0 = performance.now();
  for (let i = 0; i < n; i++) { const r = f(); await (Array.isArray(r) ? r[0]! : r).data(); tf.dispose(r); }
  console.log(name, ((performance.now() - t0) / n).toFixed(2), 'ms');
};
const a = tf.randomNormal([200, 400]); const b = tf.randomNormal([400, 400]); const dy = tf.randomNormal([200, 400]);
await time('matmul', () => tf.matMul(a, b));
await time('matmul tB', () => tf.matMul(dy, b, false, true));
await time('matmul tA', () => tf.matMul(a, dy, true, false));
await time('transpose', () => tf.transpose(a));
const x = tf.randomNormal([100, 5, 200]);
await time('max axis1', () => tf.max(x, 1));
await time('grad max axis1', () => tf.grad((t: tf.Tensor) => tf.sum(tf.max(t, 1)))(x));
await time('relu grad', () => tf.grad((t: tf.Tensor) => tf.sum(tf.relu(t)))(a));
await time('sum axis0', () => tf.sum(a, 0));
