/**
 * The generator's output blend (Karras et al. 2018, Fig. 2): the RGB images of every resolution,
 * upsampled to the final size, weighted by where growth stands. A non-trainable weight holds the
 * level of detail ℓ (r - 1 + alpha while resolution 4·2^r fades in, r once stable); image i gets
 * weight max(0, 1 - |ℓ - i|), so the output is (1 - alpha)·up(rgb_{r-1}) + alpha·rgb_r and every
 * other resolution gets exactly 0. The train step writes ℓ each step; it is saved with the model,
 * so a checkpoint's generator and its EMA copy render at the resolution they were trained to.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from '@ganforge/core';

export class FadeIn extends tf.layers.Layer {
  static className = 'GanforgeProganFadeIn';
  private level?: tf.LayerVariable;

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override build(): void {
    this.level = this.addWeight('level', [], 'float32', tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0]!;
  }

  /** Sets the level of detail ℓ. */
  setLevel(lod: number): void {
    tf.tidy(() => {
      this.level!.write(tf.scalar(lod));
    });
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
export class CriticFade extends tf.layers.Layer {
  static className = 'GanforgeProganCriticFade';
  readonly blockLevel: number;
  private level?: tf.LayerVariable;

  constructor(args: CriticFadeArgs) {
    super(args);
    this.blockLevel = args.blockLevel;
  }

  override build(): void {
    this.level = this.addWeight('level', [], 'float32', tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0]!;
  }

  setLevel(lod: number): void {
    tf.tidy(() => {
      this.level!.write(tf.scalar(lod));
    });
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
