import * as tf from '@tensorflow/tfjs';
import { fourierFeatures, maxoutLayer, spectralNorm } from '@ganforge/core/layers';
import { deriveSeed, rngStreams } from '@ganforge/core/random';
import { validateConfig, type ToyConfig } from './config.js';
import { weightInit } from './init.js';

/**
 * PacGAN's toy discriminator: `pack` points concatenated, [N, 2·pack] -> logits [N, 1].
 * dLayers hidden layers of dUnits with maxout (PacGAN's LinearMaxout: a dense of dUnits·pieces,
 * then core's Maxout, the maximum over each unit's pieces) or LeakyReLU; no batch norm; a linear logit. With
 * `spectralNorm`, every dense layer is wrapped in core's SpectralNorm (Miyato et al. 2018). Inputs
 * are divided by coordinateScale first when that is not 1; with fourierFeatures k > 0, each point
 * then becomes [sin 2πxB, cos 2πxB] (k random frequencies, shared by the packed points).
 */
export function createDiscriminator(config: ToyConfig, seed = 0): tf.LayersModel {
  validateConfig(config);
  const weights = weightInit(config, seed, 2);
  const { dUnits: units, maxoutPieces: pieces } = config;
  const model = tf.sequential({ name: 'discriminator' });
  let layer = 0;
  const dense = (name: string, outputs: number, inputShape?: number[]) => {
    const args = { units: outputs, kernelInitializer: weights() };
    const shape = inputShape ? { inputShape } : {};
    if (!config.spectralNorm) return tf.layers.dense({ name, ...shape, ...args });
    const seedU = deriveSeed(seed, rngStreams.init, 3, layer++);
    return spectralNorm({ name, ...shape, seed: seedU, layer: tf.layers.dense({ name: `${name}-dense`, ...args }) });
  };
  // The first layer added declares the model's input, [N, 2·pack].
  let pendingInput: number[] | undefined = [2 * config.pack];
  const first = (): { inputShape?: number[] } => {
    const inputShape = pendingInput;
    pendingInput = undefined;
    return inputShape ? { inputShape } : {};
  };
  if (config.coordinateScale !== 1) model.add(tf.layers.rescaling({ name: 'from-data', ...first(), scale: 1 / config.coordinateScale }));
  if (config.fourierFeatures > 0) {
    const k = config.fourierFeatures;
    // Layer index 1000 of D's init stream: apart from the dense layers' 0, 1, 2, ... whatever dLayers is.
    const fourierSeed = deriveSeed(seed, rngStreams.init, 2, 1000);
    model.add(tf.layers.reshape({ name: 'points', ...first(), targetShape: [config.pack, 2] })); // [N, pack, 2]
    model.add(fourierFeatures({ name: 'fourier', features: k, scale: config.fourierScale, seed: fourierSeed })); // [N, pack, 2k]
    model.add(tf.layers.flatten({ name: 'fourier-flat' })); // [N, pack·2k]
  }
  for (let i = 1; i <= config.dLayers; i++) {
    const inputShape = first().inputShape;
    if (config.dActivation === 'maxout') {
      model.add(dense(`hidden${i}`, units * pieces, inputShape)); // [N, units·pieces]
      model.add(maxoutLayer({ name: `hidden${i}-maxout`, pieces })); // [N, units]
    } else {
      model.add(dense(`hidden${i}`, units, inputShape)); // [N, units]
      model.add(tf.layers.leakyReLU({ name: `hidden${i}-lrelu`, alpha: config.leakySlope }));
    }
  }
  model.add(dense('logit', 1)); // [N, 1]
  return model;
}

/** Points [N·pack, 2] -> D's input [N, 2·pack]: consecutive points form one packed example (PacGAN). */
export function packPoints(points: tf.Tensor, pack: number): tf.Tensor2D {
  const count = points.shape[0]!;
  if (count % pack !== 0) throw new Error(`cannot pack ${count} points into groups of ${pack}`);
  return tf.reshape(points, [count / pack, 2 * pack]);
}
