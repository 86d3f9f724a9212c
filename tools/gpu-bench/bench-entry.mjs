// The standard bench configs on the set-up users get: initBackend({ backend }) (core's kernels and
// gradients; GANFORGE_WEBGPU_KERNELS=0 for tfjs' kernels alone), each family's `benchmarks` export,
// core's benchmarkTraining. One JSON line per config:
//   node bench.mjs webgpu dcgan-celeba64,pix2pix-64     (STEPS=5 WARMUP=2; TINY=1: batch 2, for a CPU test)
import { adapterLabel, initBackend, webgpuNavigator } from '@ganforge/core';
import { benchmarkTraining } from '@ganforge/core/train';
import { dcgan } from '@ganforge/dcgan';
import { cgan } from '@ganforge/cgan';
import { pix2pix } from '@ganforge/pix2pix';
import { cyclegan } from '@ganforge/cyclegan';
import { srgan } from '@ganforge/srgan';
import { progan } from '@ganforge/progan';
import { stylegan } from '@ganforge/stylegan';

const families = [dcgan, cgan, pix2pix, cyclegan, srgan, progan, stylegan];
/** Every standard config id, in CONFIGS.md's order within each family. */
export const standardIds = families.flatMap((family) => Object.keys(family.benchmarks ?? {}));

// LIST=1: print `id script args...` per config (the PyTorch reference of each), for device-run.sh.
if (process.env.LIST === '1') {
  for (const family of families) for (const [id, b] of Object.entries(family.benchmarks ?? {})) console.log([id, ...(b.reference ?? [])].join(' '));
  process.exit(0);
}
const backend = process.argv[2] ?? 'webgpu';
const ids = (process.argv[3] ?? standardIds.join(',')).split(',');
const steps = Number(process.env.STEPS ?? 5);
const warmup = Number(process.env.WARMUP ?? 2);
const tiny = process.env.TINY === '1';
const kernels = /^(0|false|off)$/i.test(process.env.GANFORGE_WEBGPU_KERNELS ?? '') ? 'tfjs' : 'core';

// In the bundle tfjs' webgpu backend is bundled, not found at run time: import it once navigator.gpu exists.
if (backend === 'webgpu' && (await webgpuNavigator())) await import('@tensorflow/tfjs-backend-webgpu');
// COUNT_ONLY=1: record every dispatch but run none, to count a big config's dispatches on a CPU
// adapter in seconds (the step's values are garbage; its kernel sequence does not depend on them).
if (process.env.COUNT_ONLY === '1') globalThis.GPUComputePassEncoder.prototype.dispatchWorkgroups = () => {};
const report = await initBackend({ backend });
const round = (x, digits = 1) => (x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);
let failed = false;
for (const id of ids) {
  const family = families.find((f) => f.benchmarks?.[id]);
  const base = { id, backend: report.backend, adapter: report.adapter ? adapterLabel(report.adapter) : null, kernels };
  if (!family) {
    console.log(JSON.stringify({ ...base, error: `no installed family has the config ${id}` }));
    failed = true;
    continue;
  }
  const bench = family.benchmarks[id];
  const config = { ...family.defaults, ...bench.config, ...(tiny ? { batchSize: 2 } : {}) };
  try {
    const r = await benchmarkTraining(family, config, bench.image, { steps, warmup });
    console.log(JSON.stringify({
      ...base, batch: config.batchSize, steps: r.steps, step_ms_median: round(r.stepMsMedian), images_per_s: round(r.imagesPerSecond, 2),
      kernels_per_step: r.kernelsPerStep, dispatches_per_step: round(r.dispatchesPerStep), submits_per_step: round(r.submitsPerStep),
      peak_tensor_mb: round(r.peakTensorBytes / 2 ** 20), step_ms: r.stepMs.map((x) => Math.round(x)),
    }));
  } catch (error) {
    console.log(JSON.stringify({ ...base, error: String(error?.message ?? error).split('\n')[0] }));
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
