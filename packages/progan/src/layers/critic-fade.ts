import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from '@ganforge/core/layers';
import { LevelOfDetailLayer } from './level-of-detail.js';

export interface CriticFadeArgs extends LayerArgs {
  /** Level i of the block whose output this layer blends (resolution 4·2^i). */
  blockLevel: number;
}

/**
 * The critic's blend after the block of level i (Karras et al. 2018, Fig. 2, mirrored): inputs
 * [skip, block] where skip = fromRGB_{i-1}(the image pooled to level i - 1) and block = the block's
 * output; out = a·skip + (1 - a)·block with a = clamp(i - ℓ, 0, 1). Blocks above the level being
 * trained get a = 1 (skipped), the block fading in gets 1 - alpha, lower blocks 0, so the critic's
 * graph is the progressive critic at ℓ with every layer applied once. ℓ is a non-trainable weight
 * the train step writes.
 */
export class CriticFade extends LevelOfDetailLayer {
  static className = 'GanforgeProganCriticFade';
  readonly blockLevel: number;

  constructor(args: CriticFadeArgs) {
    super(args);
    this.blockLevel = args.blockLevel;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [skip, block] = inputs as tf.Tensor[];
    return tf.tidy(() => {
      const a = tf.clipByValue(tf.sub(this.blockLevel, this.level!.read()), 0, 1);
      return tf.add(tf.mul(skip!, a), tf.mul(block!, tf.sub(1, a)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), blockLevel: this.blockLevel };
  }
}

tf.serialization.registerClass(CriticFade);
