import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
await initBackend({ backend: (process.env.BACKEND ?? 'wasm') as 'wasm' });
const time = async (name: string, f: () => tf.Tensor | tf.Tensor[], n = 30) => {
  for (let i = 0; i < 3; i++) { const r = f(); await (Array.isArray(r) ? r[0]! : r).data(); tf.dispose(r); }
  const t0 = performance.now();
  for (let i = 0; i < n; i++) { const r = f(); await (Array.isArray(r) ? r[0]! : r).data(); tf.dispose(r); }
  console.log(name, ((performance.now() - t0) / n).toFixed(2), 'ms');
};
const a = tf.randomNormal([200, 400]); const b = tf.randomNormal([400, 400]); const dy = tf.randomNormal([200, 400]);
for (let rep = 0; rep < 2; rep++) {
await time('matmul', () => tf.matMul(a, b));
await time('matmul tB', () => tf.matMul(dy, b, false, true));
await time('transpose+matmul (tB)', () => tf.tidy(() => tf.matMul(dy, tf.transpose(b))));
await time('matmul tA', () => tf.matMul(a, dy, true, false));
await time('transpose+matmul (tA)', () => tf.tidy(() => tf.matMul(tf.transpose(a), dy)));
}
