import * as tf from '@tensorflow/tfjs';
import { createOptimizers, initBackend, seededContext } from '@ganforge/core';
import { defaults, toy, type ToyConfig } from '@ganforge/toy';
await initBackend({ backend: (process.env.BACKEND ?? 'wasm') as 'wasm' });
const config: ToyConfig = { ...defaults, dActivation: 'leaky-relu', ...(JSON.parse(process.argv[2] ?? '{}') as Partial<ToyConfig>) };
const nets = toy.build(config, 0);
const optimizers = createOptimizers(nets, config);
const step = (s: number) => toy.trainStep(seededContext({ config, nets, optimizers, step: s, nextBatch: () => { throw new Error('x'); } }, 0));
for (let s = 0; s < 3; s++) await step(s);
const t0 = performance.now();
for (let s = 3; s < 13; s++) await step(s);
console.log('ms/step', (performance.now() - t0) / 10);
const info = await tf.profile(() => step(20) as unknown as tf.Tensor);
const byKernel = new Map<string, { ms: number; n: number }>();
for (const k of info.kernels) {
  const e = byKernel.get(k.name) ?? { ms: 0, n: 0 };
  e.ms += Number(k.kernelTimeMs); e.n += 1; byKernel.set(k.name, e);
}
console.log([...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15).map(([k, v]) => `${k} ${v.ms.toFixed(1)}ms x${v.n}`).join('\n'));
console.log('kernels', info.kernels.length);
