/**
 * ONNX in the CLI, kept in one file apart from the verbs it serves: `export --format onnx`,
 * `import --format onnx`, and `--runtime onnx` of sample, translate and upscale (which run the
 * run's networks, converted in memory, on onnxruntime-node). No family is named here: the family
 * comes from the checkpoint, its converters from its package. @ganforge/onnx is an optional peer,
 * loaded on first use with a one-line install hint.
 */
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendChoice, type ImageRunner } from '@ganforge/core';
import { readCheckpoint } from '@ganforge/core/node';
import type * as OnnxPackage from '@ganforge/onnx';
import { InvalidArgumentError, type Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { loadArchitecture, type LoadedArchitecture } from './architectures.js';
import { UsageError } from './errors.js';
import { backend, backendHelp } from './options.js';

type Onnx = typeof OnnxPackage;

const isMissing = (error: unknown, name: string) =>
  error instanceof Error && ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'].includes((error as { code?: string }).code ?? '') && error.message.includes(name);

/** @ganforge/onnx, or a UsageError with the install command. */
export async function loadOnnx(): Promise<Onnx> {
  try {
    return (await import(/* @vite-ignore */ '@ganforge/onnx')) as Onnx;
  } catch (error) {
    if (isMissing(error, '@ganforge/onnx')) throw new UsageError('ONNX support is not installed; install it with: npm install @ganforge/onnx  (pnpm add @ganforge/onnx)');
    throw error;
  }
}

/** Runs `body`, turning ONNX errors (a layer with no mapping, a file that is not an export, no onnxruntime-node) into one-line UsageErrors. */
export async function onnxUsage<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof Error && error.name === 'OnnxError') throw new UsageError(error.message);
    throw error;
  }
}

/** Where sample, translate and upscale run the generator. */
export type Runtime = 'tfjs' | 'onnx';

export function runtime(value: string): Runtime {
  if (value === 'tfjs' || value === 'onnx') return value;
  throw new InvalidArgumentError('must be tfjs or onnx.');
}

export const runtimeHelp = 'where the generator runs: tfjs (the --backend) or onnx (onnxruntime-node\'s native CPU kernels; the run is converted to ONNX in memory)';

/** The export description of `ganforge export`'s ONNX form. */
const exportedBy = `${packageJson.name} ${packageJson.version}`;

/** `ganforge export <run> --format onnx --out DIR [--with-discriminator] [--raw]`. */
export async function exportOnnxRun(run: string, options: { out: string; raw?: boolean; withDiscriminator?: boolean; backend?: BackendChoice }): Promise<void> {
  const onnx = await loadOnnx();
  const { meta } = await readCheckpoint(run);
  const architecture = await loadArchitecture(meta.architecture);
  await initBackend({ backend: options.backend });
  await onnxUsage(async () => {
    const exported = await onnx.exportRunToOnnx(run, architecture, { exportedBy, ...(options.raw ? { raw: true } : {}), ...(options.withDiscriminator ? { withDiscriminator: true } : {}) });
    await onnx.writeOnnxExport(exported, options.out);
    const files = Object.values(exported.manifest.models).map((m) => `${m.file} (${m.network}, ${(m.bytes / 2 ** 20).toFixed(2)} MB)`);
    console.log(`exported ${architecture.name} (step ${exported.manifest.step}) as ONNX opset ${exported.manifest.opset} to ${resolve(options.out)}: ${files.join(', ')}, ganforge.json`);
  });
}

interface ImportOptions {
  format: 'onnx';
  out: string;
  backend?: BackendChoice;
}

/** `ganforge import <export> --format onnx --out <run>`: an ONNX export back into a run folder. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('bring exported weights back into a run folder that sample, evaluate, export and train --resume accept')
    .argument('<export>', 'folder written by `ganforge export --format onnx` (its ganforge.json lists the files), or one of its .onnx files')
    .requiredOption('--format <onnx>', 'format of the export: onnx', (value: string) => {
      if (value !== 'onnx') throw new InvalidArgumentError('must be onnx.');
      return value;
    })
    .requiredOption('--out <folder>', 'run folder to write (its checkpoint/); must not hold a checkpoint yet')
    .option('--backend <name>', backendHelp, backend)
    .action(async (source: string, options: ImportOptions) => {
      const onnx = await loadOnnx();
      if (await readCheckpoint(options.out).then(() => true, () => false)) throw new UsageError(`run folder "${options.out}" already has a checkpoint; pass a new --out`);
      await onnxUsage(async () => {
        const models = await onnx.readOnnxExport(source);
        const architecture = await loadArchitecture(models[0]!.metadata.architecture);
        const report = await initBackend({ backend: options.backend });
        const result = await onnx.importOnnxRun(models, architecture, options.out, report);
        const fresh = result.fresh.length > 0 ? `; not in the export, freshly initialised: ${result.fresh.join(', ')}` : '';
        console.log(`imported ${architecture.name} step ${models[0]!.metadata.step} (${result.imported.join(', ')}) into ${resolve(result.checkpoint)}${fresh}`);
      });
    });
}

/** A run's networks as ONNX Runtime sessions, by export role (`generator`, `reverse`). */
export interface OnnxRun {
  sessions: Record<string, OnnxPackage.OnnxSession>;
  manifest: OnnxPackage.OnnxExportManifest;
  /** `onnxruntime-node <version>`, for headers. */
  describe: string;
  release: () => Promise<void>;
}

/** Converts a run's generators (EMA copies unless `raw`) to ONNX in memory and opens them in ONNX Runtime. */
export async function onnxRunSessions(run: string, architecture: LoadedArchitecture, options: { raw?: boolean }): Promise<OnnxRun> {
  const onnx = await loadOnnx();
  return onnxUsage(async () => {
    await onnx.loadOnnxRuntime();
    const exported = await onnx.exportRunToOnnx(run, architecture, { exportedBy, ...(options.raw ? { raw: true } : {}) });
    const sessions: Record<string, OnnxPackage.OnnxSession> = {};
    for (const [role, entry] of Object.entries(exported.manifest.models)) sessions[role] = await onnx.OnnxSession.create(exported.files.get(entry.file)!);
    const version = Object.values(sessions)[0]?.version ?? 'unknown';
    return {
      sessions,
      manifest: exported.manifest,
      describe: `onnxruntime-node ${version}`,
      release: async () => {
        for (const session of Object.values(sessions)) await session.release();
      },
    };
  });
}

/** Adds `--runtime <tfjs|onnx>` to a verb. */
export const withRuntime = (command: Command): Command => command.option('--runtime <tfjs|onnx>', runtimeHelp, runtime, 'tfjs' as Runtime);

/** Images from latent codes on the run's generator in ONNX Runtime (`sample --runtime onnx`); the caller disposes the images and `latent`. */
export async function onnxGenerate(run: string, architecture: LoadedArchitecture, latent: tf.Tensor2D, options: { raw?: boolean }): Promise<{ images: tf.Tensor4D; describe: string }> {
  const onnx = await loadOnnx();
  const session = await onnxRunSessions(run, architecture, options);
  try {
    const feeds = onnx.feedsFromLatent(session.manifest.models.generator!, latent);
    const images = (await session.sessions.generator!.runOne(feeds)) as tf.Tensor4D;
    tf.dispose(Object.values(feeds));
    return { images, describe: session.describe };
  } finally {
    await session.release();
  }
}

/** The session that translates `direction`: the export's generator maps the run's own direction, its `reverse` generator (two-way translators) the other way. */
const translator = (run: OnnxRun, direction: 'AtoB' | 'BtoA', config: { direction?: 'AtoB' | 'BtoA' }) =>
  direction === (config.direction ?? 'AtoB') ? run.sessions.generator : run.sessions.reverse;

/** Checks, before any image is read, that the run translates `direction` (and back with --cycle). */
export function checkOnnxDirections(run: OnnxRun, direction: 'AtoB' | 'BtoA', cycle: boolean, config: { direction?: 'AtoB' | 'BtoA' }): void {
  const trained = config.direction ?? 'AtoB';
  const only = `this ${run.manifest.architecture} run translates only ${trained} (it has one generator)`;
  if (!translator(run, direction, config)) throw new UsageError(`${only}; pass --direction ${trained}`);
  if (cycle && !translator(run, direction === 'AtoB' ? 'BtoA' : 'AtoB', config)) throw new UsageError(`--cycle needs a model that translates both ways (one exported with a reverse generator): ${only}`);
}

/** Images translated `direction` on ONNX Runtime (`translate --runtime onnx`). Caller disposes. */
export async function onnxTranslate(run: OnnxRun, images: tf.Tensor4D, direction: 'AtoB' | 'BtoA', config: { direction?: 'AtoB' | 'BtoA' }): Promise<tf.Tensor4D> {
  const session = translator(run, direction, config);
  if (!session) throw new UsageError(`this ${run.manifest.architecture} run does not translate ${direction}`);
  return (await session.runOne({ image: images })) as tf.Tensor4D;
}

/**
 * Input pixels per tile side of `upscale --runtime onnx` without --tile. A family's default (128
 * for the x4 super-resolution family) fits tfjs-wasm's 4 GiB heap; ONNX Runtime's native memory has
 * no such cap, and larger tiles repeat less of the overlap margin (at 128 with a 38-pixel margin,
 * each tile computes 2.5 times its own pixels; at 256, 1.7 times). Tiles overlapping by the receptive radius
 * give the whole-image result either way.
 */
export const onnxUpscaleTile = 256;

/** The run's generator on ONNX Runtime as the ImageRunner an `upscale` hook tiles with. */
export const onnxImageRunner = (run: OnnxRun): ImageRunner => ({
  run: async (images) => (await run.sessions.generator!.runOne({ image: images })) as tf.Tensor4D,
});
