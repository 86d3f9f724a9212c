// Where a webgpu training step goes, kernel by kernel: one profiled iteration of a standard config
// (after warm-up) through initBackend and core's benchmarkTraining, with tf.profile's kernel times
// (GPU time where the adapter has timestamp queries), then the dispatches a step sends.
//   node probe.mjs dcgan-celeba64        (WARMUP=2; TINY=1: batch 2)
import { adapterLabel, initBackend, webgpuNavigator } from '@ganforge/core';
import { benchmarkTraining } from '@ganforge/core/train';
import { dcgan } from '@ganforge/dcgan';
import { cgan } from '@ganforge/cgan';
import { pix2pix } from '@ganforge/pix2pix';
import { cyclegan } from '@ganforge/cyclegan';
import { srgan } from '@ganforge/srgan';
import { progan } from '@ganforge/progan';
import { stylegan } from '@ganforge/stylegan';

const id = process.argv[2] ?? 'dcgan-celeba64';
const family = [dcgan, cgan, pix2pix, cyclegan, srgan, progan, stylegan].find((f) => f.benchmarks?.[id]);
if (!family) throw new Error(`no family has the config ${id}`);
const backend = process.env.BACKEND ?? 'webgpu';
// In the bundle tfjs' webgpu backend is bundled, not found at run time: import it once navigator.gpu exists.
if (backend === 'webgpu' && (await webgpuNavigator())) await import('@tensorflow/tfjs-backend-webgpu');
const report = await initBackend({ backend });
const bench = family.benchmarks[id];
const config = { ...family.defaults, ...bench.config, ...(process.env.TINY === '1' ? { batchSize: 2 } : {}) };
const kernels = /^(0|false|off)$/i.test(process.env.GANFORGE_WEBGPU_KERNELS ?? '') ? 'tfjs' : 'core';
const r = await benchmarkTraining(family, config, bench.image, { steps: 1, warmup: Number(process.env.WARMUP ?? 2), kernelTimes: true });
const table = r.kernelTable ?? [];
const total = table.reduce((sum, k) => sum + k.ms, 0);
console.log(JSON.stringify({
  probe: id, backend: report.backend, adapter: report.adapter ? adapterLabel(report.adapter) : null, kernels, batch: config.batchSize,
  kernels_per_step: r.kernelsPerStep, dispatches_per_step: r.dispatchesPerStep ?? null, submits_per_step: r.submitsPerStep ?? null,
  step_ms: Math.round(r.stepMsMedian), kernel_ms_total: Math.round(total * 10) / 10,
  kernel_table: table.map((k) => ({ name: k.name, calls: k.calls, ms: Math.round(k.ms * 100) / 100 })),
}));
process.exit(0);
