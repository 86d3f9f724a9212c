/**
 * What ProGAN's two blending layers share: a non-trainable weight holding the level of detail ℓ
 * (r - 1 + alpha while resolution 4·2^r fades in, r once stable), which the train step writes each
 * step and which is saved with the model, so a checkpoint renders at the level it was trained to.
 */
import * as tf from '@tensorflow/tfjs';

export abstract class LevelOfDetailLayer extends tf.layers.Layer {
  /** ℓ, a scalar weight. */
  protected level?: tf.LayerVariable;

  override build(): void {
    this.level = this.addWeight('level', [], 'float32', tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  /** The blend has the shape of its first input. */
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0]!;
  }

  /** Sets the level of detail ℓ. */
  setLevel(lod: number): void {
    tf.tidy(() => {
      this.level!.write(tf.scalar(lod));
    });
  }
}
