/**
 * Fully connected layer with an equalized learning rate (Karras et al. 2018, §4.1; see
 * equalized-lr.ts): y = act(x·(W·gain·λ/√fan_in) + λ·b)·activationGain, W ~ N(0, 1/λ).
 */
import * as tf from '@tensorflow/tfjs';
import { addEqualizedWeights, biasActivation, equalizedConfig, equalizedOptions, type EqualizedArgs, type EqualizedOptions } from './equalized-lr.js';

export interface EqualizedDenseArgs extends EqualizedArgs {
  /** Output features. */
  units: number;
}

export class EqualizedDense extends tf.layers.Layer {
  static className = 'GanforgeEqualizedDense';
  readonly units: number;
  readonly options: EqualizedOptions;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  /** gain·λ/√fan_in, set at build. */
  private scale = 1;

  constructor(args: EqualizedDenseArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units <= 0) throw new Error(`EqualizedDense needs a positive integer of units, got ${args.units}`);
    this.units = args.units;
    this.options = equalizedOptions(args);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const fanIn = shape.at(-1) as number;
    ({ kernel: this.kernel, bias: this.bias } = addEqualizedWeights((n, shape, init) => this.addWeight(n, shape, 'float32', init), [fanIn, this.units], this.units, this.options));
    this.scale = (this.options.gain * this.options.lrMultiplier) / Math.sqrt(fanIn);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs; // [N, fan_in]
      const y = tf.matMul(x as tf.Tensor2D, tf.mul(this.kernel!.read(), this.scale) as tf.Tensor2D); // [N, units]
      return biasActivation(y, this.bias, this.options);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, ...equalizedConfig(this.options) };
  }
}

tf.serialization.registerClass(EqualizedDense);

/** An EqualizedDense layer (functional-API style constructor). */
export const equalizedDense = (args: EqualizedDenseArgs): EqualizedDense => new EqualizedDense(args);
