/**
 * Conditional batch normalisation (de Vries et al. 2017; Dumoulin et al. 2017; the class-conditional
 * generator of Miyato & Koyama 2018 and BigGAN, Brock et al. 2019): batch norm whose per-channel
 * scale and shift are linear functions of a condition vector, e.g. a one-hot class or a class
 * embedding:
 *
 *   y = (x - μ) / √(σ² + ε) · (1 + c Wγ) + c Wβ
 *
 * Inputs: [x [N, ..., C], c [N, D]]; output like x. μ and σ² are the batch's moments over every axis
 * but the last in training mode (the running averages are updated with Keras' momentum convention:
 * m ← momentum·m + (1 - momentum)·batch), and the running averages in inference mode. Wγ and Wβ
 * [D, C] start at zero, so the layer starts as plain batch norm with scale 1 and shift 0
 * (BigGAN's gain = 1 + linear(c)).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

type Kwargs = Parameters<tf.layers.Layer['call']>[1];

export interface ConditionalBatchNormArgs extends LayerArgs {
  /** Momentum of the running mean and variance, Keras convention. Default 0.9 (PyTorch's 0.1). */
  momentum?: number;
  /** Added to the variance. Default 1e-5 (PyTorch, BigGAN). */
  epsilon?: number;
}

export class ConditionalBatchNorm extends tf.layers.Layer {
  static className = 'GanforgeConditionalBatchNorm';
  readonly momentum: number;
  readonly epsilon: number;
  private gainKernel: tf.LayerVariable | undefined;
  private biasKernel: tf.LayerVariable | undefined;
  private movingMean: tf.LayerVariable | undefined;
  private movingVariance: tf.LayerVariable | undefined;

  constructor(args: ConditionalBatchNormArgs = {}) {
    super(args);
    this.momentum = args.momentum ?? 0.9;
    this.epsilon = args.epsilon ?? 1e-5;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [xShape, cShape] = this.shapes(inputShape);
    const channels = xShape.at(-1);
    const conditionSize = cShape.at(-1);
    if (channels == null || conditionSize == null || cShape.length !== 2) {
      throw new Error(`ConditionalBatchNorm "${this.name}" needs [x [N, ..., C], condition [N, D]] with known C and D; got ${JSON.stringify([xShape, cShape])}`);
    }
    const zeros = tf.initializers.zeros();
    this.gainKernel = this.addWeight('gain_kernel', [conditionSize, channels], 'float32', zeros);
    this.biasKernel = this.addWeight('bias_kernel', [conditionSize, channels], 'float32', zeros);
    this.movingMean = this.addWeight('moving_mean', [channels], 'float32', zeros, undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [channels], 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return this.shapes(inputShape)[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      if (!Array.isArray(inputs) || inputs.length !== 2) throw new Error(`ConditionalBatchNorm "${this.name}" takes [x, condition]`);
      const [x, c] = inputs as [tf.Tensor, tf.Tensor2D];
      const perExample = [x.shape[0]!, ...x.shape.slice(1, -1).map(() => 1), x.shape.at(-1)!]; // [N, 1, ..., 1, C]
      const gain = tf.reshape(tf.add(1, tf.matMul(c, this.gainKernel!.read() as tf.Tensor2D)), perExample);
      const shift = tf.reshape(tf.matMul(c, this.biasKernel!.read() as tf.Tensor2D), perExample);
      let mean: tf.Tensor;
      let variance: tf.Tensor;
      if (kwargs['training'] === true) {
        ({ mean, variance } = tf.moments(x, x.shape.slice(0, -1).map((_, i) => i))); // [C]
        const m = this.momentum;
        this.movingMean!.write(tf.add(tf.mul(this.movingMean!.read(), m), tf.mul(mean, 1 - m)));
        this.movingVariance!.write(tf.add(tf.mul(this.movingVariance!.read(), m), tf.mul(variance, 1 - m)));
      } else {
        mean = this.movingMean!.read();
        variance = this.movingVariance!.read();
      }
      const normalized = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalized, gain), shift);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon };
  }

  private shapes(inputShape: tf.Shape | tf.Shape[]): [tf.Shape, tf.Shape] {
    if (!Array.isArray(inputShape[0]) || inputShape.length !== 2) {
      throw new Error(`ConditionalBatchNorm "${this.name}" takes two inputs, [x, condition]`);
    }
    return inputShape as [tf.Shape, tf.Shape];
  }
}

/** Batch norm whose scale and shift depend on a condition vector (see ConditionalBatchNorm). */
export const conditionalBatchNorm = (args: ConditionalBatchNormArgs = {}): ConditionalBatchNorm => new ConditionalBatchNorm(args);

tf.serialization.registerClass(ConditionalBatchNorm);
