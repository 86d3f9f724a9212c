import type * as tf from '@tensorflow/tfjs';
import { imageShapeOf } from '@ganforge/core';
import { createPatchDiscriminator } from '@ganforge/core/networks';
import type { CycleganConfig } from './config.js';

/**
 * CycleGAN's PatchGAN: images [N, H, W, C] of one domain -> logits [N, H', W', 1], one per patch
 * (70x70 at nLayersD 3), instance norm, every conv biased.
 * @param network tells apart the two discriminators built from one seed (3: judges B, 4: judges A).
 */
export function createDiscriminator(config: CycleganConfig, seed = 0, network = 3, name = 'discriminator'): tf.LayersModel {
  const { height, width } = imageShapeOf(config);
  return createPatchDiscriminator({
    name,
    inputShape: [height, width, config.channels],
    ndf: config.ndf,
    nLayers: config.nLayersD,
    norm: 'instance',
    leakySlope: config.leakySlope,
    initStd: config.initStd,
    seed,
    network,
  });
}
