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
import { installedArchitectures, type LoadedArchitecture } from '../architectures.js';
import { augmentModes, benchmarkAugmentOverhead, type AugmentMode } from '@ganforge/core/augment';
import { UsageError } from '../errors.js';
import { backend, positiveInt } from '../options.js';
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
  backend: BackendChoice[];
  steps: number;
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
    .option('--config <id>', 'a standard config id, repeatable (default: all of the installed architectures)', collect(String), [])
    .option('--backend <name>', `backend, repeatable (default: those of ${defaultBackends.join(', ')} that start here)`, collect(backend), [])
    .option('--steps <n>', 'iterations timed after 2 warm-up iterations', positiveInt, 5)
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
    .requiredOption('--config <id>')
    .requiredOption('--backend <name>', '', backend)
    .requiredOption('--steps <n>', '', positiveInt)
    .option('--augment <mode>', '', augmentMode)
    .action(async (options: { config: string; backend: BackendChoice; steps: number; augment?: AugmentMode }) => benchRow(options));
}

function augmentMode(value: string): AugmentMode {
  if ((augmentModes as readonly string[]).includes(value)) return value as AugmentMode;
  throw new UsageError(`--augment must be one of ${augmentModes.join(', ')}, got "${value}"`);
}

async function benchRow(options: { config: string; backend: BackendChoice; steps: number; augment?: AugmentMode }): Promise<void> {
  const architecture = (await benchmarkConfigs()).get(options.config);
  const benchmark = architecture?.benchmarks[options.config];
  if (!architecture || !benchmark) throw new UsageError(`unknown benchmark config "${options.config}"`);
  const report = await initBackend({ backend: options.backend });
  const config = { ...architecture.defaults, ...benchmark.config };
  const result = await benchmarkTraining(architecture, config, benchmark.image, { steps: options.steps });
  const row: BenchRow = {
    id: options.config,
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
    const overhead = await benchmarkAugmentOverhead(architecture, config, benchmark.image, { augment: { augment: options.augment }, steps: options.steps, cpuTime });
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
  // --config picks training configs: alone, it runs those only.
  const sections = options.section.length > 0 ? options.section : options.config.length > 0 ? ['training'] : ['training', 'inference'];
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
  const wanted = [...configs].filter(([id]) => options.config.length === 0 || options.config.includes(id));
  const backends = options.backend.length > 0 ? options.backend : defaultBackends;
  const referenceDir = options.reference ? findReferenceDir(options.referenceDir) : undefined;
  if (options.reference && referenceDir === undefined) {
    throw new UsageError('--reference needs the PyTorch scripts: pass --reference-dir <shared/reference/torch>');
  }
  const note = (line: string) => (options.json ? console.error(line) : console.log(line));
  const rows: BenchRow[] = [];
  for (const [id, architecture] of wanted) {
    const benchmark = architecture.benchmarks[id]!;
    let reference: ReferenceResult | undefined;
    if (referenceDir) {
      const [script, ...args] = benchmark.reference;
      const env = { ...process.env, N_STEPS: String(options.steps), WARMUP: '2' };
      const result = await runProcess(python, [join(referenceDir, script!), ...args], env);
      if (result.ok) reference = JSON.parse(result.stdout.trim().split('\n').pop()!) as typeof reference;
      else note(`reference for ${id} did not run (${python} ${script}): ${result.reason}`);
    }
    for (const backendName of backends) {
      const augment = options.augment ? ['--augment', options.augment] : [];
      const result = await runProcess(process.execPath, [process.argv[1]!, 'bench-row', '--config', id, '--backend', backendName, '--steps', String(options.steps), ...augment]);
      if (!result.ok) {
        note(`skipped ${id} on ${backendName}: ${result.reason.replace(/^ganforge: /, '')}`);
        continue;
      }
      const row = JSON.parse(result.stdout.trim().split('\n').pop()!) as BenchRow;
      if (reference) addReference(row, reference);
      rows.push(row);
      if (options.json) console.log(JSON.stringify(row));
    }
  }
  if (!options.json) printTable(rows, options.steps);
}

function printTable(rows: BenchRow[], steps: number): void {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const lines = [
    `Median of ${steps} timed iterations (D + G update) after 2 warm-up iterations, random data.`,
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
