import type * as tf from '@tensorflow/tfjs';
import { createPatchDiscriminator } from '@ganforge/core/networks';
import type { Pix2pixConfig } from './config.js';

/**
 * pix2pix's conditional PatchGAN: [input, output] concatenated on channels, [N, S, S, 2C] -> logits
 * [N, S', S', 1], one per patch (70x70 at nLayersD 3: 30x30 logits at 256), batch norm.
 */
export function createDiscriminator(config: Pix2pixConfig, seed = 0): tf.LayersModel {
  return createPatchDiscriminator({
    name: 'discriminator',
    inputShape: [config.imageSize, config.imageSize, 2 * config.channels],
    ndf: config.ndf,
    nLayers: config.nLayersD,
    norm: 'batch',
    leakySlope: config.leakySlope,
    initStd: config.initStd,
    batchNormMomentum: config.batchNormMomentum,
    seed,
    network: 2,
  });
}
