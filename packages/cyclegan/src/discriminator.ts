import type * as tf from '@tensorflow/tfjs';
import { createPatchDiscriminator } from '@ganforge/core/networks';
import type { CycleganConfig } from './config.js';

/**
 * CycleGAN's PatchGAN: images [N, S, S, C] of one domain -> logits [N, S', S', 1], one per patch
 * (70x70 at nLayersD 3), instance norm, every conv biased.
 * @param network tells apart the two discriminators built from one seed (3: judges B, 4: judges A).
 */
export function createDiscriminator(config: CycleganConfig, seed = 0, network = 3, name = 'discriminator'): tf.LayersModel {
  return createPatchDiscriminator({
    name,
    inputShape: [config.imageSize, config.imageSize, config.channels],
    ndf: config.ndf,
    nLayers: config.nLayersD,
    norm: 'instance',
    leakySlope: config.leakySlope,
    initStd: config.initStd,
    seed,
    network,
  });
}
