/**
 * Networks and named tensors to and from folders, without @tensorflow/tfjs-node: a network is a
 * tfjs LayersModel folder (`model.json` + `weights.bin`), loadable by `tf.loadLayersModel` in Node
 * and in the browser.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { restoreDropoutCounters } from '../layers/seeded-dropout.js';

const weightsFile = 'weights.bin';

const joinWeights = (data: tf.io.WeightData): ArrayBuffer => tf.io.CompositeArrayBuffer.join(data);

/** Writes `model` to `dir` as model.json + weights.bin. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(joinWeights(artifacts.weightData ?? new ArrayBuffer(0)));
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(join(dir, weightsFile), weights);
      await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
}

/** Reads a LayersModel folder written by saveModel (or by tfjs' converters with one weights file). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const buffers: Uint8Array[] = [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  for (const group of modelJson.weightsManifest) {
    for (const path of group.paths) buffers.push(await readFile(join(dir, path)));
    specs.push(...group.weights);
  }
  const weightData = joinWeights(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData }));
  await restoreDropoutCounters(model);
  return model;
}

/** Writes named tensors to `<file>.bin` with their specs in `<file>.json`. */
export async function saveTensors(tensors: { name: string; tensor: tf.Tensor }[], file: string): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await writeFile(`${file}.bin`, new Uint8Array(joinWeights(data)));
  await writeFile(`${file}.json`, JSON.stringify(specs));
}

/** Reads tensors written by saveTensors. Caller disposes them. */
export async function loadTensors(file: string): Promise<tf.NamedTensorMap> {
  const specs = JSON.parse(await readFile(`${file}.json`, 'utf8')) as tf.io.WeightsManifestEntry[];
  const bytes = await readFile(`${file}.bin`);
  return tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, specs);
}
