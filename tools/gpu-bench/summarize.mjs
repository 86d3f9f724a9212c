// Markdown table from device-run.sh's results.jsonl: per config, webgpu step ms with core's kernels
// and with tfjs' alone, dispatches, the PyTorch CUDA reference and ours/PyTorch (images/s ratio, the
// same as the step-time ratio at equal batch), and the geometric mean of the ratios.
//   node tools/gpu-bench/summarize.mjs results.jsonl
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2] ?? 'results.jsonl', 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const rows = new Map();
const row = (id) => rows.get(id) ?? rows.set(id, { id }).get(id);
for (const l of lines) {
  if (l.run?.startsWith('torch-') && l.step_ms_median !== undefined) row(l.run.slice('torch-'.length)).torch = l.step_ms_median;
  else if (l.id && l.step_ms_median !== undefined) row(l.id)[l.run] = l;
}
const fmt = (x, d = 1) => (x === undefined || x === null ? '-' : Number(x).toFixed(d));
const ratios = [];
const out = ['| config | core ms | core dispatches | tfjs ms | tfjs dispatches | core+pruned ms | PyTorch CUDA ms | ratio (core) |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
for (const r of rows.values()) {
  const core = r['webgpu-core'];
  const ratio = core && r.torch ? r.torch / core.step_ms_median : undefined;
  if (ratio) ratios.push(ratio);
  out.push(`| ${r.id} | ${fmt(core?.step_ms_median)} | ${fmt(core?.dispatches_per_step, 0)} | ${fmt(r['webgpu-tfjs']?.step_ms_median)} | ${fmt(r['webgpu-tfjs']?.dispatches_per_step, 0)} | ${fmt(r['webgpu-core-pruned']?.step_ms_median)} | ${fmt(r.torch)} | ${fmt(ratio, 3)} |`);
}
const geomean = ratios.length ? Math.exp(ratios.reduce((s, x) => s + Math.log(x), 0) / ratios.length) : undefined;
out.push('', `geometric mean of ${ratios.length} ratios: ${fmt(geomean, 3)}`);
const adapter = lines.find((l) => l.adapter)?.adapter;
if (adapter) out.push(`adapter: ${adapter}`);
for (const l of lines) if (l.failed || l.skipped || l.error) out.push(`- ${JSON.stringify(l)}`);
console.log(out.join('\n'));
