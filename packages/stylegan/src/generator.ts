import * as tf from '@tensorflow/tfjs';
import { EqualizedDense, PixelNorm, Upsample2D } from '@ganforge/core/layers';
import { rngStreams, tfSeed } from '@ganforge/core/random';
import { channelsAt, levels, numWs, resolutionOf, type StyleganConfig } from './config.js';
import { ModulatedConv2D } from './layers/modulated-conv2d.js';
import { NoiseInjection } from './layers/noise-injection.js';
import { ConstantInput } from './layers/constant-input.js';
import { Truncation } from './layers/truncation.js';

/**
 * StyleGAN2-like generator (Karras et al. 2020, config-f topology at any size), NHWC:
 *
 *   mapping:   pixelnorm(z) -> mappingLayers x equalized dense wDim (lrelu·√2, lr x0.01) -> w
 *   synthesis: const 4x4 -> modconv3 + noise (+ bias, lrelu·√2)                    w index 0
 *              toRGB 4x4 (modconv1, no demodulation, + bias)                        w index 1
 *              r = 8..S: bilinear up + modconv3 + noise, modconv3 + noise           w 2l-1, 2l
 *                        rgb = up(rgb) + toRGB_r                                    w 2l+1
 *
 * The model's graph maps z to images with one w for every layer, noise from the layers' stored
 * constants and no truncation (ψ of the Truncation layer is 1). Training, truncation and style
 * mixing run the same layers eagerly through `mapping` and `synthesize`.
 */

export const mappingNames = (config: Pick<StyleganConfig, 'mappingLayers'>): string[] => [
  'mapping-norm',
  ...Array.from({ length: config.mappingLayers }, (_, i) => `mapping${i}`),
];
export const truncationName = 'w-avg';
export const constName = 'const';

/** The synthesis layers of one level, with the w index each modulated conv reads. */
export function synthesisLayers(level: number): { convs: { conv: string; noise: string; w: number }[]; toRgb: string; w: number } {
  const r = resolutionOf(level);
  const convs = level === 0
    ? [{ conv: 's4-conv', noise: 's4-noise', w: 0 }]
    : [{ conv: `s${r}-conv0`, noise: `s${r}-noise0`, w: 2 * level - 1 }, { conv: `s${r}-conv1`, noise: `s${r}-noise1`, w: 2 * level }];
  return { convs, toRgb: `s${r}-torgb`, w: 2 * level + 1 };
}

export function createGenerator(config: StyleganConfig, seed = 0): tf.LayersModel {
  const top = levels(config.imageSize);
  let count = 0;
  const init = () => tfSeed(seed, rngStreams.init, 1, count++);

  const z = tf.input({ shape: [config.latentDim], name: 'z' });
  let w = new PixelNorm({ name: 'mapping-norm' }).apply(z) as tf.SymbolicTensor;
  for (let i = 0; i < config.mappingLayers; i++) {
    w = new EqualizedDense({
      name: `mapping${i}`,
      units: config.wDim,
      gain: 1,
      lrMultiplier: config.mappingLrMultiplier,
      activation: 'lrelu',
      activationGain: Math.SQRT2,
      seed: init(),
    }).apply(w) as tf.SymbolicTensor; // [N, wDim]
  }
  const styles = new Truncation({ name: truncationName }).apply(w) as tf.SymbolicTensor;
  let x = new ConstantInput({ name: constName, channels: channelsAt(config, 4), seed: init() }).apply(styles) as tf.SymbolicTensor; // [N, 4, 4, C₄]
  let rgb: tf.SymbolicTensor | undefined;
  for (let level = 0; level <= top; level++) {
    const r = resolutionOf(level);
    const { convs, toRgb } = synthesisLayers(level);
    convs.forEach(({ conv, noise }, i) => {
      const modulated = new ModulatedConv2D({ name: conv, filters: channelsAt(config, r), kernelSize: 3, upsample: level > 0 && i === 0, seed: init() });
      x = new NoiseInjection({ name: noise, seed: init() }).apply(modulated.apply([x, styles])) as tf.SymbolicTensor; // [N, r, r, C_r]
    });
    const out = new ModulatedConv2D({ name: toRgb, filters: config.channels, kernelSize: 1, demodulate: false, useBias: true, seed: init() }).apply([x, styles]) as tf.SymbolicTensor;
    rgb = rgb === undefined
      ? out
      : (tf.layers.add({ name: `s${r}-rgbadd` }).apply([new Upsample2D({ name: `s${r}-rgbup`, interpolation: 'bilinear' }).apply(rgb) as tf.SymbolicTensor, out]) as tf.SymbolicTensor);
  }
  return tf.model({ name: 'generator', inputs: z, outputs: rgb! }); // [N, S, S, C]
}

/** The mapping network: w [N, wDim] of z [N, latentDim] (no truncation). Caller disposes. */
export function mapping(generator: tf.LayersModel, config: Pick<StyleganConfig, 'mappingLayers'>, z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => mappingNames(config).reduce((h, name) => generator.getLayer(name).apply(h) as tf.Tensor, z as tf.Tensor) as tf.Tensor2D);
}

/** The generator's Truncation layer (tracked mean w̄ and the truncation trick). */
export const truncation = (generator: tf.LayersModel): Truncation => generator.getLayer(truncationName) as Truncation;

/** Noise for the noise layer reading w index `index`, shape [N, r, r, 1]; undefined: the layer's constant noise. */
export type NoiseSource = (index: number, shape: [number, number, number, number]) => tf.Tensor | undefined;

/**
 * The synthesis network on one w per layer: `ws[i]` [N, wDim] feeds w index i (numWs of them).
 * Images [N, S, S, C]. Caller disposes.
 */
export function synthesize(generator: tf.LayersModel, ws: tf.Tensor2D[], noise?: NoiseSource): tf.Tensor4D {
  const top = ws.length / 2 - 1;
  return tf.tidy(() => {
    const layer = (name: string) => generator.getLayer(name);
    let x = layer(constName).apply(ws[0]!) as tf.Tensor4D;
    let rgb: tf.Tensor4D | undefined;
    for (let level = 0; level <= top; level++) {
      const r = resolutionOf(level);
      const { convs, toRgb, w } = synthesisLayers(level);
      for (const step of convs) {
        const y = layer(step.conv).apply([x, ws[step.w]!]) as tf.Tensor4D;
        const given = noise?.(step.w, [y.shape[0], r, r, 1]);
        x = layer(step.noise).apply(y, given ? { noise: given } : {}) as tf.Tensor4D;
      }
      const out = layer(toRgb).apply([x, ws[w]!]) as tf.Tensor4D;
      rgb = rgb === undefined ? out : (tf.add(layer(`s${r}-rgbup`).apply(rgb) as tf.Tensor4D, out) as tf.Tensor4D);
    }
    return rgb!;
  });
}

/** Options of generateImages. */
export interface GenerateOptions {
  /** Truncation ψ around the tracked mean w. Default 1 (none). */
  psi?: number;
  /** Per-layer noise; the layers' constant noise when absent. */
  noise?: NoiseSource;
}

/** Images from z [N, latentDim] with one w for every layer, truncated by ψ. Caller disposes. */
export function generateImages(generator: tf.LayersModel, config: StyleganConfig, z: tf.Tensor2D, options: GenerateOptions = {}): tf.Tensor4D {
  return tf.tidy(() => {
    const w = truncation(generator).truncate(mapping(generator, config, z), options.psi ?? 1) as tf.Tensor2D;
    return synthesize(generator, new Array<tf.Tensor2D>(numWs(config.imageSize)).fill(w), options.noise);
  });
}
