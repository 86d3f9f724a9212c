// Where a webgpu DCGAN step goes: kernel dispatches per step and the cost of one small dispatch.
import { create, globals } from 'webgpu';
import * as tf from '@tensorflow/tfjs';
import { BatchSource } from '@ganforge/core/data';
import { Adam } from '@ganforge/core/optim';
import { dcgan, benchmarks, defaults } from '@ganforge/dcgan';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true });
await import('@tensorflow/tfjs-backend-webgpu');
await tf.setBackend('webgpu');
await tf.ready();
const a = tf.ones([64]);
tf.env().set('WEBGPU_CPU_FORWARD', false);
for (const n of [100, 1000]) {
  let x = tf.zeros([64]);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) { const y = tf.add(x, a); x.dispose(); x = y; }
  await x.data();
  console.log(JSON.stringify({ smallAdds: n, ms: Math.round(performance.now() - t0), msPerOp: (performance.now() - t0) / n }));
  x.dispose();
}
const b = benchmarks['dcgan-celeba64'];
const config = { ...defaults, ...b.config };
const nets = dcgan.build(config, 1);
const v = (m) => m.trainableWeights.map((w) => w.read());
const optimizers = { generator: new Adam(v(nets.generator), { learningRate: 2e-4, beta1: 0.5, beta2: 0.999 }), discriminator: new Adam(v(nets.discriminator), { learningRate: 2e-4, beta1: 0.5, beta2: 0.999 }) };
const src = new BatchSource({ name: 'r', count: 128, height: 64, width: 64, channels: 3, images: new Uint8Array(128 * 64 * 64 * 3), labels: new Int32Array(128), classNames: [] }, 64, 1);
let n = 0;
const ctx = (step) => ({ config, nets, optimizers, step, nextBatch: () => src.batch(n++), normal: (s) => tf.randomNormal(s), uniform: (s) => tf.randomUniform(s) });
await dcgan.trainStep(ctx(0));
await dcgan.trainStep(ctx(1));
const info = await tf.profile(() => dcgan.trainStep(ctx(2)));
const by = new Map();
for (const k of info.kernels) by.set(k.name, (by.get(k.name) ?? 0) + 1);
console.log(JSON.stringify({ kernelsPerStep: info.kernels.length, byName: Object.fromEntries([...by].sort((x, y) => y[1] - x[1]).slice(0, 12)) }));
const ms = new Map();
for (const k of info.kernels) { const t = await k.kernelTimeMs; const key = k.name.startsWith('Conv') ? `${k.name} ${JSON.stringify(k.inputShapes)}` : k.name; ms.set(key, (ms.get(key) ?? 0) + (typeof t === 'number' ? t : Number(t?.error ? NaN : t))); }
console.log(JSON.stringify({ kernelMsTotal: [...ms.values()].reduce((a, b) => a + b, 0), top: Object.fromEntries([...ms].sort((x, y) => y[1] - x[1]).slice(0, 16).map(([k, v]) => [k, Math.round(v * 10) / 10])) }));
const times = [];
for (let i = 3; i < 8; i++) { const t = performance.now(); await dcgan.trainStep(ctx(i)); times.push(Math.round(performance.now() - t)); }
console.log(JSON.stringify({ stepMs: times }));
process.exit(0);
