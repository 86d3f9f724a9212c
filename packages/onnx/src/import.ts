/**
 * ONNX import: the weights of a ganforge ONNX export (possibly trained further elsewhere, written
 * back into the same initializers) put back into the family's tfjs networks, and a run folder
 * written from them that `sample`, `evaluate`, `export` and `train --resume` accept.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendReport, Networks } from '@ganforge/core';
import { createOptimizers } from '@ganforge/core/optim';
import { checkpointFormat, emaNetworkName, type CheckpointMeta } from '@ganforge/core/train';
import { writeCheckpoint } from '@ganforge/core/node';
import { inversePermutation, OnnxError, permuteValues, type OnnxWeightRecord } from '@ganforge/core/onnx';
import type { ExportableArchitecture } from './export.js';
import { metadataKey, onnxExportFormat, onnxExportFormatVersion, weightsMetadataKey, type OnnxExportManifest, type OnnxFileMetadata } from './manifest.js';
import { decodeOnnxModel, type DecodedOnnxModel } from './proto.js';

/** One exported network read back: its metadata, weight records and decoded file. */
export interface GanforgeOnnxModel {
  file: string;
  metadata: OnnxFileMetadata;
  weights: OnnxWeightRecord[];
  model: DecodedOnnxModel;
}

/** What `ganforge export --format onnx` writes, for messages. */
const expected = 'import reads the .onnx files (and ganforge.json) that `ganforge export --format onnx` writes';

/**
 * Reads one exported .onnx file. Throws an OnnxError saying what was expected when the bytes are
 * not ONNX, or are ONNX without ganforge's metadata.
 */
export function readGanforgeOnnx(bytes: Uint8Array, file: string): GanforgeOnnxModel {
  let model: DecodedOnnxModel;
  try {
    model = decodeOnnxModel(bytes);
  } catch (error) {
    throw new OnnxError(`"${file}" is not an ONNX model (${(error as Error).message}); ${expected}`);
  }
  const text = model.properties[metadataKey];
  const weights = model.properties[weightsMetadataKey];
  if (text === undefined || weights === undefined) {
    throw new OnnxError(`"${file}" is an ONNX model but not a ganforge export (no "${metadataKey}" metadata); ${expected}`);
  }
  const metadata = JSON.parse(text) as OnnxFileMetadata;
  if (metadata.format !== onnxExportFormat || !(metadata.formatVersion <= onnxExportFormatVersion)) {
    throw new OnnxError(`"${file}" has ganforge metadata of format ${String(metadata.format)} ${String(metadata.formatVersion)}; this @ganforge/onnx reads ${onnxExportFormat} ${onnxExportFormatVersion}`);
  }
  return { file, metadata, weights: JSON.parse(weights) as OnnxWeightRecord[], model };
}

/**
 * The exported networks at `given`: an export folder or its ganforge.json (which lists the files),
 * or one .onnx file. All must come from the same run.
 */
export async function readOnnxExport(given: string): Promise<GanforgeOnnxModel[]> {
  const path = basename(given) === 'ganforge.json' ? dirname(given) : given;
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new OnnxError(`"${path}" does not exist; ${expected}`);
  let files: string[];
  if (info.isDirectory()) {
    const manifestText = await readFile(join(path, 'ganforge.json'), 'utf8').catch(() => undefined);
    if (manifestText === undefined) throw new OnnxError(`folder "${path}" has no ganforge.json; ${expected}`);
    const manifest = JSON.parse(manifestText) as OnnxExportManifest;
    if (manifest.format !== onnxExportFormat) {
      // `ganforge export`'s tfjs form writes a numeric format.
      const kind = typeof manifest.format === 'number' ? 'tfjs' : String(manifest.format);
      throw new OnnxError(`"${join(path, 'ganforge.json')}" describes a ${kind} export, not an ONNX one; ${expected}`);
    }
    files = Object.values(manifest.models).map((m) => join(path, m.file));
  } else {
    files = [path];
  }
  const models = await Promise.all(files.map(async (file) => readGanforgeOnnx(new Uint8Array(await readFile(file)), file)));
  const runs = new Set(models.map((m) => `${m.metadata.architecture} ${m.metadata.seed} ${m.metadata.step}`));
  if (runs.size > 1) throw new OnnxError(`the files of "${path}" come from different runs (${[...runs].join('; ')})`);
  return models;
}

/**
 * Writes the exported weights into `model`'s variables, each un-permuted to its tfjs layout.
 * Every weight of the model must be in the file, with its shape; throws an OnnxError otherwise.
 */
export function applyOnnxWeights(model: tf.LayersModel, exported: GanforgeOnnxModel): void {
  const byWeight = new Map(exported.weights.map((r) => [`${r.layer}#${r.index}`, r]));
  for (const layer of model.layers) {
    layer.weights.forEach((variable, index) => {
      const record = byWeight.get(`${layer.name}#${index}`);
      if (!record) throw new OnnxError(`"${exported.file}" has no value for weight ${index} (${variable.name}) of layer "${layer.name}"; was it exported from a run of another config?`);
      const tensor = exported.model.initializers.get(record.initializer);
      if (!tensor || tensor.type !== 'float32') throw new OnnxError(`"${exported.file}" lacks the float32 initializer "${record.initializer}"`);
      const { values, dims } = record.perm ? permuteValues(tensor.values as Float32Array, tensor.dims, inversePermutation(record.perm)) : { values: tensor.values as Float32Array, dims: tensor.dims };
      if (dims.join(',') !== variable.shape.join(',')) {
        throw new OnnxError(`initializer "${record.initializer}" of "${exported.file}" has shape [${dims.join(', ')}]; layer "${layer.name}" needs [${variable.shape.join(', ')}]`);
      }
      tf.tidy(() => {
        variable.write(tf.tensor(values, dims, 'float32'));
      });
    });
  }
}

/** What importOnnxRun wrote. */
export interface OnnxImportResult {
  /** Checkpoint folder. */
  checkpoint: string;
  /** Networks given the exported weights, by checkpoint name. */
  imported: string[];
  /** Networks the export did not contain, freshly initialised from (config, seed). */
  fresh: string[];
}

/**
 * Writes a run folder (a checkpoint at the export's step) from exported networks: each export
 * role's weights go to its network (generator, the reverse generator, discriminators); networks
 * the export lacks are built fresh from the run's config and seed; the optimizers start anew. When
 * the run keeps an EMA (config.ema > 0), `generator-ema` gets the imported generator's weights too.
 */
export async function importOnnxRun(models: GanforgeOnnxModel[], architecture: ExportableArchitecture, out: string, backend: BackendReport): Promise<OnnxImportResult> {
  const first = models[0];
  if (!first) throw new OnnxError('nothing to import');
  const { metadata } = first;
  if (metadata.architecture !== architecture.name) throw new Error(`the export is from ${metadata.architecture}, not ${architecture.name}`);
  const config = { ...architecture.defaults, ...metadata.config } as ExportableArchitecture['defaults'];
  const nets: Networks = architecture.build(config, metadata.seed);
  const generatorNames = Object.keys(nets).filter((name) => name.startsWith('generator'));
  /** The checkpoint network a role's weights go to. */
  const target = (role: string, network: string): string => (role === 'reverse' ? generatorNames.find((n) => n !== 'generator') ?? role : network.replace(/-ema$/, ''));
  const imported: string[] = [];
  const extra: Record<string, tf.LayersModel> = {};
  try {
    for (const model of models) {
      const name = target(model.metadata.role, model.metadata.network);
      const net = nets[name];
      if (!net) throw new OnnxError(`"${model.file}" holds network "${model.metadata.network}", which ${architecture.name} does not build`);
      applyOnnxWeights(net, model);
      imported.push(name);
    }
    if (config.ema > 0 && imported.includes('generator')) {
      const copy = architecture.build(config, metadata.seed);
      Object.entries(copy).forEach(([name, net]) => name !== 'generator' && net.dispose());
      copy.generator.setWeights(nets.generator.getWeights());
      extra[emaNetworkName] = copy.generator;
    }
    const optimizers = createOptimizers(nets, config);
    try {
      const meta: CheckpointMeta & { preset?: string } = {
        format: checkpointFormat,
        architecture: architecture.name,
        packageVersion: metadata.packageVersion,
        config: config as unknown as Record<string, unknown>,
        step: metadata.step,
        seed: metadata.seed,
        batchesDrawn: 0,
        backend,
        time: new Date().toISOString(),
        data: { ...metadata.data, count: 0 },
        networks: [...Object.keys(nets), ...Object.keys(extra)],
        optimizerSteps: { generator: 0, discriminator: 0 },
        ...(metadata.preset ? { preset: metadata.preset } : {}),
      };
      const checkpoint = await writeCheckpoint(out, meta, { ...nets, ...extra }, optimizers);
      return { checkpoint, imported, fresh: Object.keys(nets).filter((name) => !imported.includes(name)) };
    } finally {
      optimizers.generator.dispose();
      optimizers.discriminator.dispose();
    }
  } finally {
    [...Object.values(nets), ...Object.values(extra)].forEach((net) => net.dispose());
  }
}
