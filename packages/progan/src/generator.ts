import * as tf from '@tensorflow/tfjs';
import { EqualizedConv2D, EqualizedDense, PixelNorm, Upsample2D, upsample2d } from '@ganforge/core/layers';
import { rngStreams, tfSeed } from '@ganforge/core/random';
import { channelsAt, levels, resolutionOf, type ProganConfig } from './config.js';
import { FadeIn } from './layers/fade-in.js';

/**
 * ProGAN generator (Karras et al. 2018, Table 2), NHWC: z [N, latentDim] -> images [N, S, S, C].
 *
 *   4x4:   pixelnorm(z) -> dense to 4x4xC₄ (lrelu) -> pixelnorm -> conv3 (lrelu) -> pixelnorm
 *   r = 8..S: nearest 2x up -> conv3 (lrelu) -> pixelnorm -> conv3 (lrelu) -> pixelnorm
 *   toRGB at every resolution: conv1 (linear, gain 1)
 *
 * Every layer has an equalized learning rate. The model holds all resolutions' layers, so its set
 * of weights never changes while it grows; its graph output is FadeIn's blend of every
 * resolution's RGB at the final size, and the train step runs only the path up to the current
 * resolution (`synthesize`).
 */

/** Layer names of the block at a resolution, in order (the 4x4 block starts from z). */
export const generatorBlock = (resolution: number): string[] =>
  resolution === 4
    ? ['latent-norm', 'g4-dense', 'g4-reshape', 'g4-norm0', 'g4-conv', 'g4-norm1']
    : [`g${resolution}-up`, `g${resolution}-conv0`, `g${resolution}-norm0`, `g${resolution}-conv1`, `g${resolution}-norm1`];

/** Name of the toRGB layer of a resolution. */
export const toRgbName = (resolution: number): string => `g${resolution}-torgb`;

/** Name of the output blend layer. */
export const fadeName = 'fade-in';

export function createGenerator(config: ProganConfig, seed = 0): tf.LayersModel {
  const top = levels(config.imageSize);
  let count = 0;
  const init = () => tfSeed(seed, rngStreams.init, 1, count++);
  const conv = (name: string, filters: number, kernelSize: number, rgb = false) =>
    new EqualizedConv2D({ name, filters, kernelSize, activation: rgb ? 'linear' : 'lrelu', gain: rgb ? 1 : Math.SQRT2, seed: init() });

  const z = tf.input({ shape: [config.latentDim], name: 'z' });
  const c4 = channelsAt(config, 4);
  const blocks: tf.layers.Layer[][] = [[
    new PixelNorm({ name: 'latent-norm' }),
    new EqualizedDense({ name: 'g4-dense', units: 16 * c4, gain: Math.SQRT2 / 4, activation: 'lrelu', seed: init() }), // [N, 16·C₄]
    tf.layers.reshape({ name: 'g4-reshape', targetShape: [4, 4, c4] }), // [N, 4, 4, C₄]
    new PixelNorm({ name: 'g4-norm0' }),
    conv('g4-conv', c4, 3),
    new PixelNorm({ name: 'g4-norm1' }),
  ]];
  for (let level = 1; level <= top; level++) {
    const r = resolutionOf(level);
    const c = channelsAt(config, r);
    // [N, r/2, r/2, ·] -> [N, r, r, C_r]
    blocks.push([new Upsample2D({ name: `g${r}-up` }), conv(`g${r}-conv0`, c, 3), new PixelNorm({ name: `g${r}-norm0` }), conv(`g${r}-conv1`, c, 3), new PixelNorm({ name: `g${r}-norm1` })]);
  }
  const rgbs: tf.SymbolicTensor[] = [];
  let x: tf.SymbolicTensor = z;
  blocks.forEach((layers, level) => {
    const r = resolutionOf(level);
    x = layers.reduce((h, layer) => layer.apply(h) as tf.SymbolicTensor, x);
    const rgb = conv(toRgbName(r), config.channels, 1, true).apply(x) as tf.SymbolicTensor; // [N, r, r, C]
    rgbs.push(level === top ? rgb : (new Upsample2D({ name: `g${r}-torgb-up`, factor: config.imageSize / r }).apply(rgb) as tf.SymbolicTensor));
  });
  const images = new FadeIn({ name: fadeName }).apply(rgbs) as tf.SymbolicTensor; // [N, S, S, C]
  return tf.model({ name: 'generator', inputs: z, outputs: images });
}

/** x through the layers of `model` named `names`, in order (a path through the grown network). Caller disposes. */
export const applyNamed = (model: tf.LayersModel, names: string[], x: tf.Tensor): tf.Tensor =>
  names.reduce((h, name) => model.getLayer(name).apply(h) as tf.Tensor, x);

/**
 * The generator's path up to `level` with the newest block at weight `alpha`: images
 * [N, 4·2^level, ·, C] = (1 - alpha)·up(toRGB_{level-1}) + alpha·toRGB_level. Caller disposes.
 */
export function synthesize(generator: tf.LayersModel, z: tf.Tensor2D, level: number, alpha: number): tf.Tensor4D {
  return tf.tidy(() => {
    let x = applyNamed(generator, generatorBlock(4), z);
    let previous = x;
    for (let i = 1; i <= level; i++) {
      previous = x;
      x = applyNamed(generator, generatorBlock(resolutionOf(i)), x);
    }
    const rgb = generator.getLayer(toRgbName(resolutionOf(level))).apply(x) as tf.Tensor4D;
    if (level === 0 || alpha >= 1) return rgb;
    const low = upsample2d(generator.getLayer(toRgbName(resolutionOf(level - 1))).apply(previous) as tf.Tensor4D, 2);
    return tf.add(tf.mul(low, 1 - alpha), tf.mul(rgb, alpha));
  });
}

/** Sets the level of detail the generator's graph output blends at (see FadeIn). */
export function setGeneratorLevel(generator: tf.LayersModel, lod: number): void {
  (generator.getLayer(fadeName) as FadeIn).setLevel(lod);
}
