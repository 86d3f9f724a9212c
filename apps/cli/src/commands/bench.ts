/**
 * `ganforge bench`: the standard configs of shared/bench/CONFIGS.md for every installed
 * architecture and every usable backend, then (bench-inference.ts) each generator's inference on
 * tfjs against ONNX Runtime. Each row runs in its own process (one backend per process,
 * and a clean peak-RSS reading); `--reference` runs the PyTorch script of the same config in the
 * same run and prints the ratio of images per second (ours / reference).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { adapterLabel, initBackend, type BackendChoice } from '@ganforge/core';
import { benchmarkTraining } from '@ganforge/core/train';
import { installedArchitectures, loadArchitecture, type LoadedArchitecture } from '../architectures.js';
import { augmentModes, benchmarkAugmentOverhead, type AugmentMode } from '@ganforge/core/augment';
import { UsageError } from '../errors.js';
import { backend, positiveInt } from '../options.js';
import { fieldSettings } from './train.js';
import { inferenceJobs, inferenceTable, registerInferenceRows, type InferenceRow } from './bench-inference.js';

/** Every benchmark config of the installed families, by id, with the family that builds it (families in their listed order). */
export async function benchmarkConfigs(): Promise<Map<string, LoadedArchitecture>> {
  const configs = new Map<string, LoadedArchitecture>();
  for (const architecture of await installedArchitectures()) {
    for (const id of Object.keys(architecture.benchmarks)) if (!configs.has(id)) configs.set(id, architecture);
  }
  return configs;
}

/** Backends tried when --backend is not given; `cpu` (pure JS, 20x+ slower) only when named. */
const defaultBackends: BackendChoice[] = ['tensorflow', 'webgpu', 'wasm'];

export interface BenchRow {
  id: string;
  backend: string;
  batch: number;
  steps: number;
  step_ms_median: number;
  images_per_s: number;
  peak_tensor_bytes: number;
  peak_rss_bytes: number;
  threads: number;
  /** tfjs kernel calls in one iteration. */
  kernels_per_step?: number;
  /** webgpu: GPU compute dispatches per iteration (null elsewhere). */
  dispatches_per_step?: number | null;
  /** webgpu: the adapter, e.g. `nvidia hopper (NVIDIA: 570.86)`. */
  adapter?: string;
  reference_images_per_s?: number;
  reference_step_ms_median?: number;
  ratio?: number;
  /** --augment: the mode timed, its median step ms and its ratio to plain steps interleaved with it in the same process. */
  augment?: string;
  augment_step_ms_median?: number;
  augment_ratio?: number;
  /** The same ratio from the process's CPU time (steadier on a shared machine). */
  augment_cpu_ratio?: number;
}

interface BenchOptions {
  config: string[];
  preset: string[];
  set: string[];
  backend: BackendChoice[];
  steps: number;
  warmup: number;
  reference?: boolean;
  json?: boolean;
  referenceDir?: string;
  augment?: AugmentMode;
  section: ('training' | 'inference')[];
  upscaleSize: number;
}

const collect = <T>(parse: (v: string) => T) => (value: string, previous: T[] | undefined) => [...(previous ?? []), parse(value)];

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('time training iterations of the standard configs on every usable backend (shared/bench/CONFIGS.md)')
    .option('--config <id>', 'a standard config id, repeatable (default: all of the installed architectures, unless --preset is given)', collect(String), [])
    .option('--preset <family:preset>', 'also time a family\'s preset at its own size (image size, widths, batch), as family:preset (`ganforge list` shows them); repeatable', collect(String), [])
    .option('--set <field=value>', 'with --preset: set a config field of the preset rows, as `train --set` does; repeatable', collect(String), [])
    .option('--backend <name>', `backend, repeatable (default: those of ${defaultBackends.join(', ')} that start here)`, collect(backend), [])
    .option('--steps <n>', 'iterations timed after the warm-up iterations', positiveInt, 5)
    .option('--warmup <n>', 'warm-up iterations before the timed ones (the last is profiled for kernel counts and peak bytes)', positiveInt, 2)
    .option('--reference', 'also run the PyTorch reference script of each config and print ours/reference')
    .option('--reference-dir <dir>', 'folder of the PyTorch reference scripts (default: shared/reference/torch above the working folder)')
    .option('--json', 'print one JSON line per row instead of a markdown table')
    .option('--augment <mode>', 'also time each config with diffaugment or ada (p = 1), interleaved with plain steps in one process, and print the step-time ratio', augmentMode)
    .option('--section <training|inference>', 'training (D + G steps) or inference (generators on tfjs against ONNX Runtime), repeatable (default: both; training only with --config)', collect(benchSection), [])
    .option('--upscale-size <pixels>', 'inference: side of the image a super-resolution family upscales', positiveInt, 512)
    .action(async (options: BenchOptions) => bench(options));
  registerInferenceRows(program);

  // One row, in a process of its own; the runner above spawns it.
  program
    .command('bench-row', { hidden: true })
    .option('--config <id>')
    .option('--preset <family:preset>')
    .option('--set <field=value>', '', collect(String), [])
    .requiredOption('--backend <name>', '', backend)
    .requiredOption('--steps <n>', '', positiveInt)
    .option('--warmup <n>', '', positiveInt, 2)
    .option('--augment <mode>', '', augmentMode)
    .action(async (options: RowOptions) => benchRow(options));
}

interface RowOptions {
  config?: string;
  preset?: string;
  set: string[];
  backend: BackendChoice;
  steps: number;
  warmup: number;
  augment?: AugmentMode;
}

/** What one row trains: a standard config by id, or a family's preset (`family:preset`) at its own size. */
async function rowTarget(options: Pick<RowOptions, 'config' | 'preset' | 'set'>): Promise<{ architecture: LoadedArchitecture; config: LoadedArchitecture['defaults']; image: { size: number; channels: 1 | 3 } }> {
  if (options.preset !== undefined) {
    const [family = '', name = ''] = options.preset.split(':');
    const architecture = await loadArchitecture(family);
    const preset = architecture.presets[name];
    if (!preset) throw new UsageError(`--preset ${options.preset}: ${family} has no preset "${name}"; its presets: ${Object.keys(architecture.presets).join(', ')}`);
    const config = { ...architecture.defaults, ...preset.config, ...fieldSettings(architecture, options.set) } as LoadedArchitecture['defaults'] & { imageSize?: number; channels?: 1 | 3 };
    return { architecture, config, image: { size: config.imageSize ?? 64, channels: config.channels ?? 3 } };
  }
  const architecture = (await benchmarkConfigs()).get(options.config ?? '');
  const benchmark = architecture?.benchmarks[options.config ?? ''];
  if (!architecture || !benchmark) throw new UsageError(`unknown benchmark config "${options.config}"`);
  return { architecture, config: { ...architecture.defaults, ...benchmark.config }, image: benchmark.image };
}

function augmentMode(value: string): AugmentMode {
  if ((augmentModes as readonly string[]).includes(value)) return value as AugmentMode;
  throw new UsageError(`--augment must be one of ${augmentModes.join(', ')}, got "${value}"`);
}

async function benchRow(options: RowOptions): Promise<void> {
  const { architecture, config, image } = await rowTarget(options);
  const report = await initBackend({ backend: options.backend });
  const id = options.preset ?? options.config!;
  const result = await benchmarkTraining(architecture, config, image, { steps: options.steps, warmup: options.warmup, label: id });
  const row: BenchRow = {
    id,
    backend: report.backend,
    batch: config.batchSize,
    steps: result.steps,
    step_ms_median: Math.round(result.stepMsMedian * 10) / 10,
    images_per_s: significant(result.imagesPerSecond),
    peak_tensor_bytes: result.peakTensorBytes,
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    threads: report.threads,
    kernels_per_step: result.kernelsPerStep,
    dispatches_per_step: result.dispatchesPerStep ?? null,
    ...(report.adapter ? { adapter: adapterLabel(report.adapter) } : {}),
  };
  if (options.augment) {
    const cpuTime = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const overhead = await benchmarkAugmentOverhead(architecture, config, image, { augment: { augment: options.augment }, steps: options.steps, cpuTime });
    row.augment = options.augment;
    row.augment_step_ms_median = Math.round(overhead.augmentedMs * 10) / 10;
    row.augment_ratio = Math.round(overhead.ratio * 1000) / 1000;
    row.augment_cpu_ratio = Math.round(overhead.cpuRatio! * 1000) / 1000;
  }
  console.log(JSON.stringify(row));
}

/** Four significant figures: images/s run from 0.03 to hundreds. */
const significant = (value: number): number => Number(value.toPrecision(4));

/** What a reference script's JSON line gives the ratio. */
export interface ReferenceResult {
  batch: number;
  step_ms_median: number;
}

/**
 * Adds the reference's images/s and the ratio ours / reference to a row, both from the step times:
 * the scripts round images/s to 0.01, too coarse for the slow configs (0.03 against 0.14).
 */
export function addReference(row: BenchRow, reference: ReferenceResult): void {
  const referencePerSecond = (reference.batch * 1000) / reference.step_ms_median;
  row.reference_images_per_s = significant(referencePerSecond);
  row.reference_step_ms_median = reference.step_ms_median;
  row.ratio = Math.round(((row.batch * 1000) / row.step_ms_median / referencePerSecond) * 1000) / 1000;
}

/**
 * Why a child process failed, from its stderr: the last line that names an error (a crash's last
 * line is Node's version banner, after the error), else the last line; clipped to one screen line.
 */
export function failureReason(stderr: string, code: number | null): string {
  const lines = stderr.trim().split('\n').map((line) => line.trim()).filter(Boolean);
  const named = lines.filter((line) => /^(ganforge: |\w*(Error|Exception)\b)/.test(line)).pop();
  const reason = named ?? lines.pop() ?? `exit code ${code}`;
  return reason.length > 300 ? `${reason.slice(0, 297)}...` : reason;
}

/** Runs a command, returning its stdout, or the reason it failed (see failureReason). */
function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ ok: boolean; stdout: string; reason: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => done({ ok: false, stdout, reason: error.message }));
    child.on('close', (code) => done({ ok: code === 0, stdout, reason: failureReason(stderr, code) }));
  });
}

function findReferenceDir(explicit: string | undefined): string | undefined {
  if (explicit) return resolve(explicit);
  for (let dir = process.cwd(); ; dir = resolve(dir, '..')) {
    for (const candidate of [join(dir, 'shared', 'reference', 'torch'), join(dir, '..', 'shared', 'reference', 'torch')]) {
      if (existsSync(join(candidate, '_harness.py'))) return candidate;
    }
    if (dir === resolve(dir, '..')) return undefined;
  }
}

/** Debian's python3 has PyTorch (python3-torch); another python3 on PATH may not. */
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function benchSection(value: string): 'training' | 'inference' {
  if (value === 'training' || value === 'inference') return value;
  throw new InvalidArgumentError('must be training or inference.');
}

async function bench(options: BenchOptions): Promise<void> {
  // --config and --preset pick training rows: alone, they run those only.
  const sections = options.section.length > 0 ? options.section : options.config.length > 0 || options.preset.length > 0 ? ['training'] : ['training', 'inference'];
  if (sections.includes('training')) await benchTraining(options);
  if (sections.includes('inference')) await benchInference(options);
}

/** The inference section: one process per row, on the first --backend (default wasm). */
async function benchInference(options: BenchOptions): Promise<void> {
  const note = (line: string) => (options.json ? console.error(line) : console.log(line));
  const rows: InferenceRow[] = [];
  for (const job of await inferenceJobs(options.upscaleSize)) {
    const args = [process.argv[1]!, 'bench-inference-row', ...job.args, '--backend', options.backend[0] ?? 'wasm', '--iterations', String(options.steps)];
    const result = await runProcess(process.execPath, args);
    if (!result.ok) {
      note(`skipped inference of ${job.label}: ${result.reason.replace(/^ganforge: /, '')}`);
      continue;
    }
    for (const line of result.stdout.trim().split('\n').filter((l) => l.startsWith('{'))) {
      const row = JSON.parse(line) as InferenceRow;
      rows.push(row);
      if (options.json) console.log(JSON.stringify(row));
    }
  }
  if (!options.json) console.log(`\n${inferenceTable(rows, options.steps)}`);
}

async function benchTraining(options: BenchOptions): Promise<void> {
  const configs = await benchmarkConfigs();
  for (const id of options.config) {
    if (!configs.has(id)) throw new UsageError(`unknown benchmark config "${id}"; standard configs: ${[...configs.keys()].join(', ')}`);
  }
  for (const spec of options.preset) await rowTarget({ preset: spec, set: options.set }); // a bad family or preset fails here, once
  const everyConfig = options.config.length === 0 && options.preset.length === 0;
  const wanted = [...configs].filter(([id]) => everyConfig || options.config.includes(id));
  const backends = options.backend.length > 0 ? options.backend : defaultBackends;
  const referenceDir = options.reference ? findReferenceDir(options.referenceDir) : undefined;
  if (options.reference && referenceDir === undefined) {
    throw new UsageError('--reference needs the PyTorch scripts: pass --reference-dir <shared/reference/torch>');
  }
  const note = (line: string) => (options.json ? console.error(line) : console.log(line));
  const rows: BenchRow[] = [];
  const runRow = async (target: string[], id: string, backendName: BackendChoice): Promise<BenchRow | undefined> => {
    const augment = options.augment ? ['--augment', options.augment] : [];
    const result = await runProcess(process.execPath, [process.argv[1]!, 'bench-row', ...target, '--backend', backendName, '--steps', String(options.steps), '--warmup', String(options.warmup), ...augment]);
    if (!result.ok) {
      note(`skipped ${id} on ${backendName}: ${result.reason.replace(/^ganforge: /, '')}`);
      return undefined;
    }
    return JSON.parse(result.stdout.trim().split('\n').pop()!) as BenchRow;
  };
  for (const [id, architecture] of wanted) {
    const benchmark = architecture.benchmarks[id]!;
    let reference: ReferenceResult | undefined;
    if (referenceDir) {
      const [script, ...args] = benchmark.reference;
      const env = { ...process.env, N_STEPS: String(options.steps), WARMUP: String(options.warmup) };
      const result = await runProcess(python, [join(referenceDir, script!), ...args], env);
      if (result.ok) reference = JSON.parse(result.stdout.trim().split('\n').pop()!) as typeof reference;
      else note(`reference for ${id} did not run (${python} ${script}): ${result.reason}`);
    }
    for (const backendName of backends) {
      const row = await runRow(['--config', id], id, backendName);
      if (!row) continue;
      if (reference) addReference(row, reference);
      rows.push(row);
      if (options.json) console.log(JSON.stringify(row));
    }
  }
  for (const spec of options.preset) {
    for (const backendName of backends) {
      const row = await runRow(['--preset', spec, ...options.set.flatMap((setting) => ['--set', setting])], spec, backendName);
      if (!row) continue;
      rows.push(row);
      if (options.json) console.log(JSON.stringify(row));
    }
  }
  if (!options.json) printTable(rows, options.steps, options.warmup);
}

function printTable(rows: BenchRow[], steps: number, warmup: number): void {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const lines = [
    `Median of ${steps} timed iterations (D + G update) after ${warmup} warm-up iteration${warmup === 1 ? '' : 's'}, random data.`,
    '',
    '| id | backend | threads | batch | steps | step ms (median) | images/s | kernels/step | dispatches/step | peak tensor MB | peak RSS MB | PyTorch images/s | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) =>
      `| ${r.id} | ${r.backend} | ${r.threads} | ${r.batch} | ${r.steps} | ${r.step_ms_median} | ${r.images_per_s} | ${r.kernels_per_step ?? '-'} | ${r.dispatches_per_step ?? '-'} | ${mb(r.peak_tensor_bytes)} | ${mb(r.peak_rss_bytes)} | ${r.reference_images_per_s ?? '-'} | ${r.ratio ?? '-'} |`,
    ),
  ];
  for (const r of rows.filter((row) => row.augment)) {
    lines.push('', `${r.id} on ${r.backend} with ${r.augment}: ${r.augment_step_ms_median} ms a step; augmented / plain step, median of ${steps} interleaved pairs: ${r.augment_ratio} (wall), ${r.augment_cpu_ratio} (CPU time)`);
  }
  console.log(lines.join('\n'));
}
