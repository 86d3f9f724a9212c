/**
 * `ganforge export <run> --out DIR`: the run's generator as a tfjs LayersModel (model.json +
 * weights.bin) plus `ganforge.json` (core's ExportManifest), the form the browser demo loads and
 * `tf.loadLayersModel` reads.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, type Command } from 'commander';
import {
  exportManifestFile,
  exportManifestFormat,
  initBackend,
  type BackendChoice,
  type ExportInput,
  type ExportManifest,
  type ExportSpec,
  type Networks,
  type TrainHyperparameters,
} from '@ganforge/core';
import { emaNetworkName, type CheckpointMeta } from '@ganforge/core/train';
import { loadCheckpointNetworks, readCheckpoint, saveModel } from '@ganforge/core/node';
import packageJson from '../../package.json' with { type: 'json' };
import { loadArchitecture, type LoadedArchitecture } from '../architectures.js';
import { UsageError } from '../errors.js';
import { exportOnnxRun } from '../onnx.js';
import { backend, backendHelp } from '../options.js';

interface ExportOptions {
  out: string;
  raw?: boolean;
  backend?: BackendChoice;
  format?: 'tfjs' | 'onnx';
  withDiscriminator?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write a run\'s generator as a tfjs LayersModel (or with --format onnx as ONNX) plus ganforge.json, for the browser demo, tf.loadLayersModel or ONNX Runtime')
    .argument('<run>', 'run folder (or its checkpoint/ folder) written by `ganforge train`')
    .requiredOption('--out <folder>', 'folder to write model.json, weights.bin and ganforge.json to (e.g. apps/demo/public/models/<name>)')
    .option('--raw', 'export the trained generator even when the run kept an EMA copy')
    .option('--backend <name>', backendHelp, backend)
    .option('--format <tfjs|onnx>', 'tfjs: LayersModel for the demo (default); onnx: .onnx files (opset 17) for ONNX Runtime, PyTorch (onnx2torch) and `ganforge import`', exportFormat, 'tfjs')
    .option('--with-discriminator', 'onnx: also export the discriminator(s)')
    .action(async (run: string, options: ExportOptions) => {
      if (options.format === 'onnx') return exportOnnxRun(run, options);
      if (options.withDiscriminator) throw new UsageError('--with-discriminator needs --format onnx; the tfjs export holds what the demo runs');
      const manifest = await exportRun(run, options);
      const files = Object.values(manifest.models).join(', ');
      console.log(`exported ${manifest.architecture} ${manifest.network} (step ${manifest.step}, input ${manifest.input.kind}) to ${resolve(options.out)}: ${files}, ${exportManifestFile}`);
    });
}

function exportFormat(value: string): 'tfjs' | 'onnx' {
  if (value === 'tfjs' || value === 'onnx') return value;
  throw new InvalidArgumentError('must be tfjs or onnx.');
}

const isEmpty = async (dir: string) => (await readdir(dir).catch(() => [])).length === 0;

/** The image shape [height, width, channels] of a network's first input or output, nulls where it is free. */
function imageShape(shape: tf.Shape | tf.Shape[]): (number | null)[] {
  const first = (Array.isArray(shape[0]) ? shape[0] : shape) as tf.Shape;
  return first.slice(1);
}

/** Writes the export and returns its manifest. */
export async function exportRun(run: string, options: ExportOptions): Promise<ExportManifest> {
  const { dir, meta } = await readCheckpoint(run);
  const architecture = await loadArchitecture(meta.architecture);
  if (architecture.data === 'synthetic') {
    throw new UsageError(`${architecture.name} generates points, not images; the demo trains it live, so there is nothing to export`);
  }
  if (!(await isEmpty(options.out))) {
    throw new UsageError(`export folder "${options.out}" is not empty; pass an empty or new folder to --out`);
  }
  await initBackend({ backend: options.backend });
  // Every generator* network (a two-way translator has two), each as its EMA copy `<name>-ema` unless --raw.
  const averaged = (name: string) => (name === 'generator' ? emaNetworkName : `${name}-ema`);
  const generators = meta.networks.filter((name) => name.startsWith('generator') && name !== emaNetworkName && !name.endsWith('-ema'));
  const source = Object.fromEntries(generators.map((name) => [name, !options.raw && meta.networks.includes(averaged(name)) ? averaged(name) : name]));
  const loaded = await loadCheckpointNetworks(dir, { ...meta, networks: Object.values(source) });
  const nets = Object.fromEntries(generators.map((name) => [name, loaded[source[name]!]!])) as Networks;
  const network = source.generator!;
  const config = meta.config as unknown as TrainHyperparameters;
  try {
    const spec = (await architecture.exportSpec?.(nets, config)) ?? await defaultSpec(architecture, nets, config, meta);
    const models: Record<string, string> = { generator: 'model.json' };
    await saveModel(nets.generator, options.out);
    for (const [role, model] of Object.entries(spec.models ?? {})) {
      if (role === 'generator') continue;
      await saveModel(model, join(options.out, role));
      models[role] = `${role}/model.json`;
    }
    const [height, width, channels] = imageShape(nets.generator.outputs[0]!.shape);
    // A fully convolutional generator has no fixed output size: the one it gives the demo's input.
    const free = spec.input.kind === 'image' ? spec.input.size * spec.input.scale : undefined;
    const manifest: ExportManifest = {
      format: exportManifestFormat,
      architecture: architecture.name,
      packageVersion: meta.packageVersion,
      exportedBy: `${packageJson.name} ${packageJson.version}`,
      network,
      step: meta.step,
      seed: meta.seed,
      time: new Date().toISOString(),
      config: meta.config,
      data: {
        source: meta.data.source,
        height: meta.data.height,
        width: meta.data.width,
        channels: meta.data.channels,
        classNames: meta.data.classNames,
      },
      input: spec.input,
      output: {
        height: height ?? free ?? meta.data.height,
        width: width ?? free ?? meta.data.width,
        channels: (channels ?? meta.data.channels) as 1 | 3,
        range: spec.outputRange ?? [-1, 1],
      },
      models,
    };
    await mkdir(options.out, { recursive: true });
    await writeFile(join(options.out, exportManifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    Object.values(loaded).forEach((model) => model.dispose());
  }
}

/** The input a family without exportSpec gets, from its data kind and hooks (see core's ExportSpec). */
async function defaultSpec(architecture: LoadedArchitecture, nets: Networks, config: TrainHyperparameters, meta: CheckpointMeta): Promise<ExportSpec> {
  // [N, width] for codes, [N, H, W, C] for images
  const [inputWidth, imageWidth, inputChannels] = imageShape(nets.generator.inputs[0]!.shape);
  const inputSize = inputWidth; // an image's height
  const latentDim = (config as { latentDim?: number }).latentDim;
  switch (architecture.data) {
    case 'images':
      if (architecture.latent === undefined || architecture.generate === undefined) break;
      return { input: { kind: 'noise', latentDim: latentDim ?? inputWidth! } };
    case 'labeled': {
      if (architecture.classLatent === undefined) break;
      const numClasses = (config as { numClasses?: number }).numClasses ?? meta.data.classNames.length;
      await checkOneHotClassLatent(architecture, config, numClasses, inputWidth!);
      return { input: { kind: 'class', latentDim: inputWidth! - numClasses, numClasses } };
    }
    case 'paired':
    case 'unpaired':
    case 'superres': {
      if (inputSize !== imageWidth) {
        throw new UsageError(`the demo feeds square images and this run's generator takes ${inputSize}x${imageWidth}; export it with --format onnx instead`);
      }
      const { scale = 4, cropSize = meta.data.height } = config as { scale?: number; cropSize?: number };
      const superres = architecture.data === 'superres';
      const input: ExportInput = {
        kind: 'image',
        // A fully convolutional generator takes any size: the demo feeds twice the LR training crop.
        size: inputSize ?? (superres ? 2 * Math.round(cropSize / scale) : meta.data.height),
        channels: (inputChannels ?? meta.data.channels) as 1 | 3,
        scale: superres ? scale : 1,
        ...(architecture.data === 'paired' ? { draw: { background: '#ffffff', pen: '#000000', penWidth: Math.max(1, Math.round((inputSize ?? meta.data.height) / 128)) } } : {}),
      };
      const others = Object.keys(nets).filter((name) => name !== 'generator');
      if (architecture.data === 'unpaired') {
        if (others.length !== 1) {
          throw new UsageError(`${architecture.name} has ${others.length} reverse generators (${others.join(', ') || 'none'}); its package needs an exportSpec that names the reverse one`);
        }
        return { input, models: { reverse: nets[others[0]!]! } };
      }
      return { input };
    }
  }
  throw new UsageError(`${architecture.name} (data ${architecture.data}) does not say how the demo should feed its generator; its package needs an exportSpec`);
}

/** Checks that classLatent is [z, one-hot(class)], the `class` input the demo builds. */
async function checkOneHotClassLatent(architecture: LoadedArchitecture, config: TrainHyperparameters, numClasses: number, width: number): Promise<void> {
  const classes = Array.from({ length: numClasses }, (_, i) => i);
  const codes = architecture.classLatent!(config, classes, 0); // [K, width]
  const values = await codes.data();
  const [, codeWidth] = codes.shape;
  codes.dispose();
  const oneHot = codeWidth === width && classes.every((k) => classes.every((j) => values[k * width + width - numClasses + j] === (j === k ? 1 : 0)));
  if (!oneHot) {
    throw new UsageError(`${architecture.name}'s classLatent is not [z, one-hot(class)]; its package needs an exportSpec that describes the class input`);
  }
}
