/**
 * ONNX export: one tfjs network as a .onnx file (exportOnnx), and a whole run (its generator, the
 * other generator of an unpaired run, and with `withDiscriminator` its discriminators) as a folder
 * with ganforge.json (exportRunToOnnx, writeOnnxExport).
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Architecture, TrainHyperparameters } from '@ganforge/core';
import { emaNetworkName, type CheckpointMeta } from '@ganforge/core/train';
import { loadCheckpointNetworks, readCheckpoint } from '@ganforge/core/node';
import { modelToOnnxGraph, onnxConverters, OnnxError, onnxOpsetVersion, type OnnxGraph, type OnnxInputSpec } from '@ganforge/core/onnx';
import packageJson from '../package.json' with { type: 'json' };
import {
  metadataKey,
  onnxExportFormat,
  onnxExportFormatVersion,
  weightsMetadataKey,
  type OnnxExportManifest,
  type OnnxFileMetadata,
  type OnnxRunDescription,
  type OnnxTensorDescription,
} from './manifest.js';
import { encodeOnnxModel } from './proto.js';

/** A family as export needs it: the Architecture object with its package version. */
export type ExportableArchitecture = Architecture<TrainHyperparameters> & { version: string };

/** How one network is exported. */
export interface OnnxNetworkOptions {
  /** Graph name, e.g. `dcgan generator`. */
  name: string;
  /** The family whose layers the network uses (its `onnx` converters join core's). */
  architecture: Pick<ExportableArchitecture, 'onnx'>;
  /** One feed per model input (see core's OnnxInputSpec). */
  inputs: OnnxInputSpec[];
  /** Output names, one per model output. */
  outputs: string[];
  /** The run's config, for converters that read it (StyleGAN's truncation ψ). */
  runConfig?: Record<string, unknown>;
  /** Clip the outputs to this range. */
  clipOutput?: [number, number];
  /** metadata_props of the file. */
  properties?: Record<string, string>;
}

/** One network as the bytes of a .onnx file, with the graph they encode. */
export async function exportOnnx(model: tf.LayersModel, options: OnnxNetworkOptions): Promise<{ bytes: Uint8Array; graph: OnnxGraph }> {
  const graph = await modelToOnnxGraph(model, {
    name: options.name,
    converters: { ...onnxConverters, ...options.architecture.onnx?.converters },
    inputs: options.inputs,
    outputs: options.outputs,
    ...(options.runConfig ? { runConfig: options.runConfig } : {}),
    ...(options.clipOutput ? { clipOutput: options.clipOutput } : {}),
  });
  const bytes = encodeOnnxModel(graph, {
    producerVersion: `${packageJson.name} ${packageJson.version}`,
    properties: { ...options.properties, [weightsMetadataKey]: JSON.stringify(graph.weights) },
    docString: options.name,
  });
  return { bytes, graph };
}

/** Feeds and descriptions of one network's inputs and outputs. */
interface NetworkInterface {
  specs: OnnxInputSpec[];
  inputs: OnnxTensorDescription[];
  outputs: OnnxTensorDescription[];
  clip?: [number, number];
}

const imageRange: [number, number] = [-1, 1];
/** Free dimensions as the exporter names them (core's modelToOnnxGraph): N, H, W (suffixed on outputs). */
const dims = (shape: tf.Shape, suffix = ''): (number | string)[] =>
  shape.map((d, i) => d ?? (i === 0 ? 'N' : shape.length === 4 && i < 3 ? `${i === 1 ? 'H' : 'W'}${suffix}` : `D${i}${suffix}`));

/** How a generator is fed, by the family's data kind: noise (z), class-conditional noise (z, class) or images. */
async function generatorInterface(architecture: ExportableArchitecture, config: TrainHyperparameters, classNames: string[], model: tf.LayersModel): Promise<NetworkInterface> {
  const input = model.inputs[0]!.shape;
  const output = model.outputs[0]!.shape;
  const imageOut = (name: string, description: string): OnnxTensorDescription => ({ name, type: 'float32', shape: dims(output, '_out'), description, range: imageRange });
  const clip = architecture.onnx?.clipGeneratorOutput;
  const finish = (iface: NetworkInterface): NetworkInterface => (clip ? { ...iface, clip } : iface);
  if (model.inputs.length !== 1) throw new OnnxError(`${architecture.name}'s generator takes ${model.inputs.length} inputs; the exporter knows one-input generators`);
  switch (architecture.data) {
    case 'paired':
    case 'unpaired':
    case 'superres':
      return finish({
        specs: [{ name: 'image' }],
        inputs: [{ name: 'image', type: 'float32', shape: dims(input), description: 'NHWC images in [-1, 1]', range: imageRange }],
        outputs: [imageOut('output', architecture.data === 'superres' ? `NHWC images ${String((config as { scale?: number }).scale ?? '')}x larger, about [-1, 1] (clamp before display)` : 'NHWC images in [-1, 1]')],
      });
    case 'labeled': {
      const numClasses = Number((config as { numClasses?: number }).numClasses ?? classNames.length);
      const width = Number(input[1]);
      await checkOneHotLatent(architecture, config, numClasses, width);
      const latentDim = width - numClasses;
      return finish({
        specs: [{ concat: [{ name: 'z', width: latentDim }, { name: 'class', oneHot: numClasses }] }],
        inputs: [
          { name: 'z', type: 'float32', shape: ['N', latentDim], description: 'latent codes z ~ N(0, 1)' },
          { name: 'class', type: 'int64', shape: ['N'], description: `class indices (${classNames.join(', ') || `0..${numClasses - 1}`})`, range: [0, numClasses - 1] },
        ],
        outputs: [imageOut('image', 'NHWC images in [-1, 1]')],
      });
    }
    default: {
      const points = architecture.data === 'synthetic';
      return finish({
        specs: [{ name: 'z' }],
        inputs: [{ name: 'z', type: 'float32', shape: dims(input), description: 'latent codes z ~ N(0, 1)' }],
        outputs: [points ? { name: 'points', type: 'float32', shape: dims(output, '_out'), description: '2-D points' } : imageOut('image', 'NHWC images in [-1, 1]')],
      });
    }
  }
}

/** How a discriminator is fed: images (points for the toy), plus class indices when it takes a one-hot class. */
function discriminatorInterface(architecture: ExportableArchitecture, classNames: string[], model: tf.LayersModel): NetworkInterface {
  const specs: OnnxInputSpec[] = [];
  const inputs: OnnxTensorDescription[] = [];
  model.inputs.forEach((input, i) => {
    const shape = input.shape;
    if (i > 0 && shape.length === 2) {
      const numClasses = Number(shape[1]);
      specs.push({ name: 'class', oneHot: numClasses });
      inputs.push({ name: 'class', type: 'int64', shape: ['N'], description: `class indices of the images (${classNames.join(', ') || `0..${numClasses - 1}`})`, range: [0, numClasses - 1] });
    } else if (i === 0) {
      const name = shape.length === 4 ? 'image' : 'points';
      specs.push({ name });
      inputs.push({ name, type: 'float32', shape: dims(shape), description: shape.length === 4 ? 'NHWC images in [-1, 1]' : 'points, as the discriminator reads them' });
    } else {
      throw new OnnxError(`${architecture.name}'s discriminator input ${i + 1} (shape [${shape.join(', ')}]) is neither an image nor a one-hot class`);
    }
  });
  return { specs, inputs, outputs: [{ name: 'logits', type: 'float32', shape: dims(model.outputs[0]!.shape, '_out'), description: 'discriminator logits' }] };
}

/** Checks that the family's class latent is [z | one-hot(class)], the input the export splits in two. */
async function checkOneHotLatent(architecture: ExportableArchitecture, config: TrainHyperparameters, numClasses: number, width: number): Promise<void> {
  if (architecture.classLatent === undefined) throw new OnnxError(`${architecture.name} trains on labels but has no classLatent hook; the exporter cannot tell how to feed its classes`);
  const classes = Array.from({ length: numClasses }, (_, i) => i);
  const codes = architecture.classLatent(config, classes, 0);
  const values = await codes.data();
  codes.dispose();
  const oneHot = classes.every((k) => classes.every((j) => values[k * width + width - numClasses + j] === (j === k ? 1 : 0)));
  if (!oneHot) throw new OnnxError(`${architecture.name}'s class latent is not [z | one-hot(class)]; the exporter cannot split it into z and class`);
}

/** What exportRunToOnnx makes: the manifest and the bytes of each file it lists. */
export interface OnnxRunExport {
  manifest: OnnxExportManifest;
  files: Map<string, Uint8Array>;
}

/** Options of exportRunToOnnx. */
export interface OnnxRunExportOptions {
  /** Also export the discriminators. */
  withDiscriminator?: boolean;
  /** The trained generator even when the run kept an EMA copy. */
  raw?: boolean;
  /** What exports, e.g. `@ganforge/cli 0.1.0`. */
  exportedBy: string;
}

/**
 * A run's networks as ONNX files, in memory: `generator` (its EMA copy unless `raw`), `reverse`
 * (the other generator of a run with two, CycleGAN's B -> A), and with `withDiscriminator` every
 * discriminator (`discriminator`, `discriminatorA`, ...). Throws an OnnxError naming a layer that
 * has no ONNX mapping.
 */
export async function exportRunToOnnx(run: string, architecture: ExportableArchitecture, options: OnnxRunExportOptions): Promise<OnnxRunExport> {
  const { dir, meta } = await readCheckpoint(run);
  if (meta.architecture !== architecture.name) throw new Error(`checkpoint "${dir}" is from ${meta.architecture}, not ${architecture.name}`);
  const averaged = (name: string) => (name === 'generator' ? emaNetworkName : `${name}-ema`);
  const generators = meta.networks.filter((name) => name.startsWith('generator') && name !== emaNetworkName && !name.endsWith('-ema'));
  const discriminators = options.withDiscriminator ? meta.networks.filter((name) => name.startsWith('discriminator')) : [];
  const roles = new Map<string, string>(); // role -> checkpoint network
  for (const name of generators) {
    const source = !options.raw && meta.networks.includes(averaged(name)) ? averaged(name) : name;
    roles.set(name === 'generator' ? 'generator' : generators.length === 2 ? 'reverse' : name, source);
  }
  for (const name of discriminators) roles.set(name, name);
  const loaded = await loadCheckpointNetworks(dir, { ...meta, networks: [...new Set(roles.values())] });
  try {
    return await exportNetworksToOnnx({
      architecture,
      config: { ...architecture.defaults, ...meta.config } as TrainHyperparameters,
      run: {
        packageVersion: meta.packageVersion,
        preset: (meta as CheckpointMeta & { preset?: string }).preset ?? null,
        step: meta.step,
        seed: meta.seed,
        data: { source: meta.data.source, height: meta.data.height, width: meta.data.width, channels: meta.data.channels, classNames: meta.data.classNames },
      },
      networks: Object.fromEntries([...roles].map(([role, network]) => [role, { network, model: loaded[network]! }])),
    }, options.exportedBy);
  } finally {
    Object.values(loaded).forEach((model) => model.dispose());
  }
}

/** Networks to export, outside a run folder (e.g. freshly built ones for a benchmark). */
export interface OnnxExportSource {
  architecture: ExportableArchitecture;
  /** The full, fitted config. */
  config: TrainHyperparameters;
  /** What ganforge.json says about the run. */
  run: Pick<OnnxRunDescription, 'packageVersion' | 'preset' | 'step' | 'seed' | 'data'>;
  /** By role (`generator`, `reverse`, `discriminator`, ...): the network's checkpoint name and model. */
  networks: Record<string, { network: string; model: tf.LayersModel }>;
}

/** Exports networks by role (see exportRunToOnnx); generators are the roles `generator`, `reverse` and `generator*`. */
export async function exportNetworksToOnnx(source: OnnxExportSource, exportedBy: string): Promise<OnnxRunExport> {
  const { architecture, config } = source;
  const description: OnnxRunDescription = {
    format: onnxExportFormat,
    formatVersion: onnxExportFormatVersion,
    architecture: architecture.name,
    ...source.run,
    config: config as unknown as Record<string, unknown>,
    opset: onnxOpsetVersion,
  };
  const manifest: OnnxExportManifest = { ...description, exportedBy, time: new Date().toISOString(), models: {} };
  const files = new Map<string, Uint8Array>();
  for (const [role, { network, model }] of Object.entries(source.networks)) {
    const generator = role === 'reverse' || role.startsWith('generator');
    const iface = generator ? await generatorInterface(architecture, config, source.run.data.classNames, model) : discriminatorInterface(architecture, source.run.data.classNames, model);
    const metadata: OnnxFileMetadata = { ...description, role, network, inputs: iface.inputs, outputs: iface.outputs };
    const { bytes } = await exportOnnx(model, {
      name: `${architecture.name} ${role}`,
      architecture,
      inputs: iface.specs,
      outputs: iface.outputs.map((o) => o.name),
      runConfig: config as unknown as Record<string, unknown>,
      ...(iface.clip ? { clipOutput: iface.clip } : {}),
      properties: { [metadataKey]: JSON.stringify(metadata) },
    });
    const file = `${role}.onnx`;
    files.set(file, bytes);
    manifest.models[role] = { file, network, inputs: iface.inputs, outputs: iface.outputs, bytes: bytes.byteLength };
  }
  return { manifest, files };
}

/** File name of the manifest beside the .onnx files. */
export const onnxManifestFile = 'ganforge.json';

/** Writes an export's files and ganforge.json to `out` (which must be empty or new). */
export async function writeOnnxExport(exported: OnnxRunExport, out: string): Promise<void> {
  const present = await readdir(out).catch(() => []);
  if (present.length > 0) throw new OnnxError(`export folder "${out}" is not empty; pass an empty or new folder to --out`);
  await mkdir(out, { recursive: true });
  for (const [file, bytes] of exported.files) await writeFile(join(out, file), bytes);
  await writeFile(join(out, onnxManifestFile), `${JSON.stringify(exported.manifest, null, 2)}\n`);
}
