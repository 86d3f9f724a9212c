/**
 * `ganforge export` for StyleGAN: the demo's style mixing and truncation need the mapping and the
 * synthesis networks apart (core's `style` input), so the export adds two LayersModels that share
 * the generator's layers (and so its weights):
 *
 *   mapping:   z [N, latentDim] -> w [N, wDim]                      (no truncation)
 *   synthesis: ws [N, numWs, wDim] -> images [N, S, S, C]          (w index i feeds layer i)
 *
 * and the tracked mean w̄ as `wAvg`, for ψ on the page: w' = w̄ + ψ·(w - w̄).
 */
import * as tf from '@tensorflow/tfjs';
import type { ExportSpec, Networks } from '@ganforge/core';
import { levels, numWs, resolutionOf, type StyleganConfig } from './config.js';
import { constName, mappingNames, synthesisLayers, truncation } from './generator.js';

/** The mapping half of a generator: z -> w, the generator's own layers. */
function mappingModel(generator: tf.LayersModel, config: StyleganConfig): tf.LayersModel {
  const z = tf.input({ shape: [config.latentDim], name: 'z' });
  const w = mappingNames(config).reduce((h, name) => generator.getLayer(name).apply(h) as tf.SymbolicTensor, z);
  return tf.model({ name: 'mapping', inputs: z, outputs: w }); // [N, wDim]
}

/** The synthesis half: one w per layer in, images out; standard layers pick w index i from ws. */
function synthesisModel(generator: tf.LayersModel, config: StyleganConfig): tf.LayersModel {
  const count = numWs(config.imageSize);
  const ws = tf.input({ shape: [count, config.wDim], name: 'ws' }); // [N, numWs, wDim]
  // ws[:, i] as [N, wDim]: tfjs has no slice layer, so view ws as a one-channel image [numWs, wDim, 1]
  // and crop every other row away (Cropping2D), then drop the length-1 axes.
  const image = tf.layers.reshape({ name: 'ws-image', targetShape: [count, config.wDim, 1] }).apply(ws) as tf.SymbolicTensor;
  const pick = (i: number) =>
    tf.layers.reshape({ name: `ws${i}`, targetShape: [config.wDim] }).apply(
      tf.layers.cropping2D({ name: `ws${i}-crop`, cropping: [[i, count - i - 1], [0, 0]] }).apply(image),
    ) as tf.SymbolicTensor;
  const w = Array.from({ length: count }, (_, i) => pick(i));
  const layer = (name: string) => generator.getLayer(name);
  let x = layer(constName).apply(w[0]!) as tf.SymbolicTensor; // [N, 4, 4, C₄]
  let rgb: tf.SymbolicTensor | undefined;
  for (let level = 0; level <= levels(config.imageSize); level++) {
    const r = resolutionOf(level);
    const { convs, toRgb, w: rgbIndex } = synthesisLayers(level);
    for (const step of convs) x = layer(step.noise).apply(layer(step.conv).apply([x, w[step.w]!])) as tf.SymbolicTensor; // [N, r, r, C_r]
    const out = layer(toRgb).apply([x, w[rgbIndex]!]) as tf.SymbolicTensor;
    rgb = rgb === undefined ? out : (layer(`s${r}-rgbadd`).apply([layer(`s${r}-rgbup`).apply(rgb) as tf.SymbolicTensor, out]) as tf.SymbolicTensor);
  }
  return tf.model({ name: 'synthesis', inputs: ws, outputs: rgb! }); // [N, S, S, C]
}

/** Architecture.exportSpec: the `style` input with mapping, synthesis and w̄. */
export async function exportSpec(nets: Networks, config: StyleganConfig): Promise<ExportSpec> {
  const generator = nets.generator!;
  const wAvg = Array.from(await truncation(generator).average.data());
  return {
    input: { kind: 'style', latentDim: config.latentDim, wDim: config.wDim, numWs: numWs(config.imageSize), wAvg },
    models: { mapping: mappingModel(generator, config), synthesis: synthesisModel(generator, config) },
  };
}
