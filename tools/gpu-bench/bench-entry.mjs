// Bench entry for the GPU machine: DCGAN standard configs on tfjs' webgpu backend in Node (Dawn).
import { create, globals } from 'webgpu';
import * as tf from '@tensorflow/tfjs';

import { benchmarkTraining } from '@ganforge/core/train';
import { dcgan, benchmarks, defaults } from '@ganforge/dcgan';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true });
// tfjs-backend-webgpu registers itself only if navigator.gpu exists when it loads.
await import('@tensorflow/tfjs-backend-webgpu');
const backend = process.argv[2] ?? 'webgpu';
if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);
await tf.ready();
for (const id of (process.argv[3] ?? 'dcgan-mnist32,dcgan-celeba64').split(',')) {
  const b = benchmarks[id];
  const config = { ...defaults, ...b.config };
  const r = await benchmarkTraining(dcgan, config, b.image, { steps: Number(process.env.STEPS ?? 10) });
  console.log(JSON.stringify({ id, backend: tf.getBackend(), steps: r.steps, step_ms_median: Math.round(r.stepMsMedian * 10) / 10, images_per_s: Math.round(r.imagesPerSecond * 100) / 100, step_ms: r.stepMs.map(Math.round) }));
}
process.exit(0);
