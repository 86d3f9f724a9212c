/**
 * 2-D convolution (NHWC, stride 1) with an equalized learning rate (Karras et al. 2018, §4.1; see
 * equalized-lr.ts): y = act(conv(x, W·gain·λ/√(k²·C_in)) + λ·b)·activationGain, W ~ N(0, 1/λ).
 * ProGAN and StyleGAN change resolution with separate up- and down-sampling, so only stride 1 is
 * offered.
 */
import * as tf from '@tensorflow/tfjs';
import { addEqualizedWeights, biasActivation, equalizedConfig, equalizedOptions, type EqualizedArgs, type EqualizedOptions } from './equalized-lr.js';

export interface EqualizedConv2DArgs extends EqualizedArgs {
  /** Output channels. */
  filters: number;
  /** Square kernel size. */
  kernelSize: number;
  /** `same` (default) or `valid`. */
  padding?: 'same' | 'valid';
}

export class EqualizedConv2D extends tf.layers.Layer {
  static className = 'GanforgeEqualizedConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly padding: 'same' | 'valid';
  readonly options: EqualizedOptions;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private scale = 1;

  constructor(args: EqualizedConv2DArgs) {
    super(args);
    if (!Number.isInteger(args.filters) || args.filters <= 0) throw new Error(`EqualizedConv2D needs a positive integer of filters, got ${args.filters}`);
    if (!Number.isInteger(args.kernelSize) || args.kernelSize <= 0) throw new Error(`EqualizedConv2D needs a positive kernel size, got ${args.kernelSize}`);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.padding = args.padding ?? 'same';
    this.options = equalizedOptions(args);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape.at(-1) as number;
    const k = this.kernelSize;
    ({ kernel: this.kernel, bias: this.bias } = addEqualizedWeights((n, shape, init) => this.addWeight(n, shape, 'float32', init), [k, k, channels, this.filters], this.filters, this.options));
    this.scale = (this.options.gain * this.options.lrMultiplier) / Math.sqrt(k * k * channels);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const shrink = this.padding === 'valid' ? this.kernelSize - 1 : 0;
    return [n ?? null, h === null || h === undefined ? null : h - shrink, w === null || w === undefined ? null : w - shrink, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D; // [N, H, W, C_in]
      const y = tf.conv2d(x, tf.mul(this.kernel!.read(), this.scale) as tf.Tensor4D, 1, this.padding); // [N, H', W', filters]
      return biasActivation(y, this.bias, this.options);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize, padding: this.padding, ...equalizedConfig(this.options) };
  }
}

tf.serialization.registerClass(EqualizedConv2D);

/** An EqualizedConv2D layer (functional-API style constructor). */
export const equalizedConv2d = (args: EqualizedConv2DArgs): EqualizedConv2D => new EqualizedConv2D(args);
