import type * as tf from '@tensorflow/tfjs';
import { imageShapeOf } from '@ganforge/core';
import { createPatchDiscriminator } from '@ganforge/core/networks';
import type { Pix2pixConfig } from './config.js';

/**
 * pix2pix's conditional PatchGAN: [input, output] concatenated on channels, [N, H, W, 2C] -> logits
 * [N, H', W', 1], one per patch (70x70 at nLayersD 3: 30x30 logits at 256), batch norm.
 */
export function createDiscriminator(config: Pix2pixConfig, seed = 0): tf.LayersModel {
  const { height, width } = imageShapeOf(config);
  return createPatchDiscriminator({
    name: 'discriminator',
    inputShape: [height, width, 2 * config.channels],
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
