import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
await initBackend({ backend: 'wasm' });
const a = tf.scalar(1);
const big = tf.randomNormal([400, 400]);
for (let rep = 0; rep < 3; rep++) {
  let t0 = performance.now();
  for (let i = 0; i < 1000; i++) tf.dispose(tf.add(a, a));
  const s = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < 200; i++) tf.dispose(tf.add(big, big));
  const b = performance.now() - t0;
  t0 = performance.now();
  for (let i = 0; i < 200; i++) tf.dispose(tf.mul(big, 0.5));
  console.log('scalar add us', (s).toFixed(0), '| 160k add us', (b / 200 * 1000).toFixed(0), '| mul scalar us', ((performance.now() - t0) / 200 * 1000).toFixed(0));
}
