/**
 * The inference section of `ganforge bench`: images per second of each installed family's
 * generator on tfjs (the --backend, wasm by default) against ONNX Runtime (onnxruntime-node's CPU
 * kernels), both in one process, one after the other, on the same inputs; and, for a family with
 * an `upscale` hook, a whole image upscaled tile by tile on both. Each row is its own process.
 */
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendChoice, type ImageRunner, type TrainHyperparameters } from '@ganforge/core';
import type { PixelImage } from '@ganforge/core/image';
import { installedArchitectures, loadArchitecture, type LoadedArchitecture } from '../architectures.js';
import { loadOnnx, onnxUpscaleTile } from '../onnx.js';
import { backend, positiveInt } from '../options.js';

/** One inference row. */
export interface InferenceRow {
  architecture: string;
  /** The benchmark config the generator is built from (`defaults` when the family has none). */
  config: string;
  /** `generate` (a batch of images or points) or `upscale WxH`. */
  task: string;
  batch: number;
  iterations: number;
  tfjs_backend: string;
  tfjs_threads: number;
  tfjs_ms: number;
  tfjs_images_per_s: number;
  onnxruntime: string;
  onnx_ms: number;
  onnx_images_per_s: number;
  /** tfjs ms / ONNX ms. */
  speedup: number;
  /** Largest |ONNX - tfjs| of the generator's float outputs. */
  max_abs_difference: number;
  /** upscale: largest difference of the two 8-bit results. */
  max_byte_difference?: number;
}

/** The config a family's inference row builds: its first standard benchmark config, else its defaults. */
function inferenceConfig(architecture: LoadedArchitecture): { id: string; config: TrainHyperparameters } {
  const [id, benchmark] = Object.entries(architecture.benchmarks)[0] ?? ['defaults', undefined];
  return { id, config: { ...architecture.defaults, ...benchmark?.config } };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median ms of `iterations` runs of `body` after one warm-up. */
async function time(iterations: number, body: () => Promise<void>): Promise<number> {
  await body();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Inputs of a generator for a batch: latent codes of a noise family, else random images (or codes) of its input shape. */
function generatorInputs(architecture: LoadedArchitecture, config: TrainHyperparameters, generator: tf.LayersModel, batch: number): tf.Tensor {
  if (architecture.latent) return architecture.latent(config, batch, 1);
  const shape = generator.inputs[0]!.shape.map((d, i) => (i === 0 ? batch : d ?? 24));
  return shape.length === 4 ? tf.randomUniform(shape, -1, 1, 'float32', 1) : tf.randomNormal(shape, 0, 1, 'float32', 1);
}

/** The ONNX export of a freshly built generator, in memory. */
async function onnxGenerator(architecture: LoadedArchitecture, config: TrainHyperparameters, generator: tf.LayersModel, threads?: number) {
  const onnx = await loadOnnx();
  const exported = await onnx.exportNetworksToOnnx({
    architecture,
    config,
    run: { packageVersion: architecture.version, preset: null, step: 0, seed: 0, data: { source: 'bench', height: 0, width: 0, channels: 3, classNames: [] } },
    networks: { generator: { network: 'generator', model: generator } },
  }, 'ganforge bench');
  const entry = exported.manifest.models.generator!;
  const session = await onnx.OnnxSession.create(exported.files.get(entry.file)!, threads ? { threads } : {});
  const feeds = (input: tf.Tensor): Record<string, tf.Tensor> =>
    entry.inputs[0]!.name === 'z' ? onnx.feedsFromLatent(entry, input as tf.Tensor2D) : { [entry.inputs[0]!.name]: tf.clone(input) };
  return { session, feeds };
}

/** Largest |a - b|. */
async function maxDifference(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const [value] = await d.data();
  d.dispose();
  return value!;
}

/** One family's generator on both runtimes. */
async function generateRow(architecture: LoadedArchitecture, options: { iterations: number; backend: BackendChoice; batch?: number }): Promise<InferenceRow> {
  const report = await initBackend({ backend: options.backend });
  const { id, config } = inferenceConfig(architecture);
  const batch = options.batch ?? config.batchSize;
  const nets = architecture.build(config, 0);
  const { generator } = nets;
  Object.entries(nets).forEach(([name, net]) => name !== 'generator' && net.dispose());
  const input = generatorInputs(architecture, config, generator, batch);
  const tfjsRun = () => (architecture.latent && architecture.generate ? architecture.generate(generator, input as tf.Tensor2D, config) : (generator.predict(input) as tf.Tensor));
  const tfjsMs = await time(options.iterations, async () => {
    const out = tfjsRun();
    await out.data();
    out.dispose();
  });
  const { session, feeds } = await onnxGenerator(architecture, config, generator);
  const inputs = feeds(input);
  const onnxMs = await time(options.iterations, async () => {
    (await session.runOne(inputs)).dispose();
  });
  const [reference, onnxOut] = [tfjsRun(), await session.runOne(inputs)];
  const difference = await maxDifference(reference, onnxOut);
  tf.dispose([reference, onnxOut, input, ...Object.values(inputs)]);
  await session.release();
  generator.dispose();
  return {
    architecture: architecture.name,
    config: id,
    task: 'generate',
    batch,
    iterations: options.iterations,
    tfjs_backend: report.backend,
    tfjs_threads: report.threads,
    tfjs_ms: round(tfjsMs),
    tfjs_images_per_s: significant((batch * 1000) / tfjsMs),
    onnxruntime: `onnxruntime-node ${session.version}`,
    onnx_ms: round(onnxMs),
    onnx_images_per_s: significant((batch * 1000) / onnxMs),
    speedup: significant(tfjsMs / onnxMs),
    max_abs_difference: difference,
  };
}

/** A smooth RGB test image of size x size (deterministic). */
function testImage(size: number): PixelImage {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const p = (y * size + x) * 3;
      data[p] = Math.round(127.5 + 127.5 * Math.sin(x / 9) * Math.cos(y / 13));
      data[p + 1] = (x * 3 + y) % 256;
      data[p + 2] = Math.round(127.5 + 127.5 * Math.sin((x + y) / 17));
    }
  }
  return { width: size, height: size, channels: 3, data };
}

/**
 * A whole image upscaled tile by tile: on tfjs with the family's tile size, on ONNX Runtime with
 * the same tiles (float outputs compared tile by tile), and on ONNX Runtime with the tile size
 * `ganforge upscale --runtime onnx` uses (`onnxTile`; 8-bit result compared). One timed pass each,
 * after a warm-up on a small image. Two rows: same tiles, ONNX's tiles.
 */
async function upscaleRows(architecture: LoadedArchitecture, options: { backend: BackendChoice; size: number; onnxTile: number }): Promise<InferenceRow[]> {
  const report = await initBackend({ backend: options.backend });
  const { id, config } = inferenceConfig(architecture);
  const nets = architecture.build(config, 0);
  const { generator } = nets;
  Object.entries(nets).forEach(([name, net]) => name !== 'generator' && net.dispose());
  const image = testImage(options.size);
  // Each runner keeps its tiles' float outputs while `recording`, to compare them before 8-bit rounding.
  let recording = false;
  const recorded: Float32Array[][] = [[], []];
  const runner = (index: number, run: (x: tf.Tensor4D) => Promise<tf.Tensor4D>): ImageRunner => ({
    run: async (x) => {
      const out = await run(x);
      if (recording) recorded[index]!.push((await out.data()) as Float32Array);
      return out;
    },
  });
  const tfjs = runner(0, async (x) => tf.tidy(() => generator.predict(x) as tf.Tensor4D));
  const { session } = await onnxGenerator(architecture, config, generator);
  const onnx = runner(1, async (x) => (await session.runOne({ image: x })) as tf.Tensor4D);
  for (const warm of [tfjs, onnx]) await architecture.upscale!(warm, testImage(32), config);
  const timed = async (run: ImageRunner, tileSize?: number) => {
    const start = performance.now();
    const result = await architecture.upscale!(run, image, config, tileSize ? { tileSize } : {});
    return { ms: performance.now() - start, result };
  };
  recording = true;
  const a = await timed(tfjs);
  const b = await timed(onnx);
  recording = false;
  const c = await timed(onnx, options.onnxTile);
  let difference = 0;
  recorded[0]!.forEach((tile, t) => tile.forEach((v, i) => (difference = Math.max(difference, Math.abs(v - recorded[1]![t]![i]!)))));
  const byteDifference = (x: PixelImage, y: PixelImage) => x.data.reduce((m, v, i) => Math.max(m, Math.abs(v - y.data[i]!)), 0);
  await session.release();
  generator.dispose();
  const row = (task: string, onnxMs: number, bytes: number): InferenceRow => ({
    architecture: architecture.name,
    config: id,
    task,
    batch: 1,
    iterations: 1,
    tfjs_backend: report.backend,
    tfjs_threads: report.threads,
    tfjs_ms: round(a.ms),
    tfjs_images_per_s: significant(1000 / a.ms),
    onnxruntime: `onnxruntime-node ${session.version}`,
    onnx_ms: round(onnxMs),
    onnx_images_per_s: significant(1000 / onnxMs),
    speedup: significant(a.ms / onnxMs),
    max_abs_difference: difference,
    max_byte_difference: bytes,
  });
  const size = `${options.size}x${options.size}`;
  return [row(`upscale ${size}, same tiles`, b.ms, byteDifference(a.result, b.result)), row(`upscale ${size}, ONNX tiles of ${options.onnxTile}`, c.ms, byteDifference(a.result, c.result))];
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const significant = (value: number) => Number(value.toPrecision(4));

/** The hidden per-row commands the inference section spawns. */
export function registerInferenceRows(program: Command): void {
  program
    .command('bench-inference-row', { hidden: true })
    .requiredOption('--architecture <name>')
    .requiredOption('--backend <name>', '', backend)
    .requiredOption('--iterations <n>', '', positiveInt)
    .option('--batch <n>', '', positiveInt)
    .option('--upscale <size>', '', positiveInt)
    .action(async (options: { architecture: string; backend: BackendChoice; iterations: number; batch?: number; upscale?: number }) => {
      const architecture = await loadArchitecture(options.architecture);
      const rows = options.upscale
        ? await upscaleRows(architecture, { backend: options.backend, size: options.upscale, onnxTile: onnxUpscaleTile })
        : [await generateRow(architecture, { backend: options.backend, iterations: options.iterations, ...(options.batch ? { batch: options.batch } : {}) })];
      for (const row of rows) console.log(JSON.stringify(row));
    });
}

/** The rows the inference section runs: every installed family's generator, then each upscaling family on a whole image. */
export async function inferenceJobs(upscaleSize: number): Promise<{ label: string; args: string[] }[]> {
  const installed = await installedArchitectures();
  return [
    ...installed.map((a) => ({ label: `${a.name} generate`, args: ['--architecture', a.name] })),
    ...installed.filter((a) => a.upscale).map((a) => ({ label: `${a.name} upscale ${upscaleSize}x${upscaleSize}`, args: ['--architecture', a.name, '--upscale', String(upscaleSize)] })),
  ];
}

/** The inference table. */
export function inferenceTable(rows: InferenceRow[], iterations: number): string {
  return [
    `Inference: median of ${iterations} timed runs after a warm-up (upscale: one timed pass each; tfjs with the family's tiles, ONNX Runtime with those and with its own), tfjs then ONNX Runtime in one process, same inputs, fresh weights.`,
    '',
    '| family | config | task | batch | tfjs backend (threads) | tfjs ms | tfjs images/s | ONNX Runtime | ONNX ms | ONNX images/s | speed-up | max abs diff |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) =>
      `| ${r.architecture} | ${r.config} | ${r.task} | ${r.batch} | ${r.tfjs_backend} (${r.tfjs_threads}) | ${r.tfjs_ms} | ${r.tfjs_images_per_s} | ${r.onnxruntime} | ${r.onnx_ms} | ${r.onnx_images_per_s} | ${r.speedup}x | ${r.max_abs_difference.toExponential(1)}${r.max_byte_difference === undefined ? '' : ` (8-bit: ${r.max_byte_difference})`} |`,
    ),
  ].join('\n');
}
