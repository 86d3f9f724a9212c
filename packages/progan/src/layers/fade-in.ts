/**
 * The generator's output blend (Karras et al. 2018, Fig. 2): the RGB images of every resolution,
 * upsampled to the final size, weighted by where growth stands. A non-trainable weight holds the
 * level of detail ℓ (r - 1 + alpha while resolution 4·2^r fades in, r once stable); image i gets
 * weight max(0, 1 - |ℓ - i|), so the output is (1 - alpha)·up(rgb_{r-1}) + alpha·rgb_r and every
 * other resolution gets exactly 0. The train step writes ℓ each step; it is saved with the model,
 * so a checkpoint's generator and its EMA copy render at the resolution they were trained to.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from '@ganforge/core/layers';
import { LevelOfDetailLayer } from './level-of-detail.js';

export class FadeIn extends LevelOfDetailLayer {
  static className = 'GanforgeProganFadeIn';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  /** @param inputs RGB images of levels 0..L, each upsampled to the final size: [N, S, S, C] each. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const images = Array.isArray(inputs) ? inputs : [inputs];
    return tf.tidy(() => {
      const lod = this.level!.read();
      const weighted = images.map((image, i) => tf.mul(image, tf.relu(tf.sub(1, tf.abs(tf.sub(lod, i)))))); // max(0, 1 - |ℓ - i|)
      return weighted.length === 1 ? weighted[0]! : tf.addN(weighted);
    });
  }
}

tf.serialization.registerClass(FadeIn);
