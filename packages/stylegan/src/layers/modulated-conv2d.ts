/**
 * Modulated convolution with weight demodulation (Karras et al. 2020, §2.2, Eq. 1-3), NHWC, in the
 * form that needs no grouped convolution: scale the input channels by the style, convolve with the
 * shared weights, scale the output channels by the demodulation factor,
 *
 *   s = A(w)                                   [N, C_in]   (equalized affine, bias init 1)
 *   y = conv(x ⊙ s, W·c)                       c = 1/√(k²·C_in)
 *   d = 1/√(Σ_{k,k,i} (W·c)²_{·,·,i,o} s_i² + 1e-8) = rsqrt(s² · ΣₖₖW'² + 1e-8)   [N, C_out]
 *   out = y ⊙ d (+ bias)
 *
 * which equals convolving with the per-example weights W'_{n} = W·c·s_n·d_n of the paper. With
 * `upsample`, x ⊙ s is upsampled 2x bilinearly (half-pixel centres) before the convolution, as the
 * reference script does. Inputs: [x [N, H, W, C_in], w [N, wDim]].
 */
import * as tf from '@tensorflow/tfjs';
import { upsample2d, type LayerArgs } from '@ganforge/core/layers';

export interface ModulatedConv2DArgs extends LayerArgs {
  /** Output channels. */
  filters: number;
  /** Square kernel size (3 for convolutions, 1 for toRGB). */
  kernelSize: number;
  /** Divide by the output's expected std (true for convolutions, false for toRGB). Default true. */
  demodulate?: boolean;
  /** Upsample 2x (bilinear) before convolving. Default false. */
  upsample?: boolean;
  /** Add a bias (toRGB; style layers add theirs in NoiseInjection). Default false. */
  useBias?: boolean;
  /** Seed of the N(0, 1) initialisers. Default 0. */
  seed?: number;
}

export class ModulatedConv2D extends tf.layers.Layer {
  static className = 'GanforgeModulatedConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly demodulate: boolean;
  readonly upsample: boolean;
  readonly useBias: boolean;
  readonly seed: number;
  private kernel?: tf.LayerVariable;
  private affineKernel?: tf.LayerVariable;
  private affineBias?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private scale = 1;
  private affineScale = 1;

  constructor(args: ModulatedConv2DArgs) {
    super(args);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.demodulate = args.demodulate ?? true;
    this.upsample = args.upsample ?? false;
    this.useBias = args.useBias ?? false;
    this.seed = args.seed ?? 0;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [xShape, wShape] = inputShape as tf.Shape[];
    const channels = xShape!.at(-1) as number;
    const wDim = wShape!.at(-1) as number;
    const k = this.kernelSize;
    const normal = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 1, seed });
    this.kernel = this.addWeight('kernel', [k, k, channels, this.filters], 'float32', normal(this.seed));
    this.affineKernel = this.addWeight('affine/kernel', [wDim, channels], 'float32', normal(this.seed + 1));
    this.affineBias = this.addWeight('affine/bias', [channels], 'float32', tf.initializers.ones());
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.scale = 1 / Math.sqrt(k * k * channels);
    this.affineScale = 1 / Math.sqrt(wDim);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = (inputShape as tf.Shape[])[0]!;
    const up = (d: number | null | undefined) => (d === null || d === undefined ? null : this.upsample ? 2 * d : d);
    return [n ?? null, up(h), up(w), this.filters];
  }

  /** The styles s = A(w) [N, C_in] of latents w [N, wDim]. Caller disposes. */
  styles(w: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => tf.add(tf.matMul(w as tf.Tensor2D, tf.mul(this.affineKernel!.read(), this.affineScale) as tf.Tensor2D), this.affineBias!.read()));
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, w] = inputs as [tf.Tensor4D, tf.Tensor2D];
    return tf.tidy(() => {
      const s = this.styles(w); // [N, C_in]
      const [n, , , channels] = x.shape;
      let modulated = tf.mul(x, tf.reshape(s, [n, 1, 1, channels])) as tf.Tensor4D; // x ⊙ s
      if (this.upsample) modulated = upsample2d(modulated, 2, 'bilinear'); // [N, 2H, 2W, C_in]
      const weight = tf.mul(this.kernel!.read(), this.scale) as tf.Tensor4D; // W·c [k, k, C_in, C_out]
      let y = tf.conv2d(modulated, weight, 1, 'same') as tf.Tensor; // [N, H', W', C_out]
      if (this.demodulate) {
        const energy = tf.sum(tf.square(weight), [0, 1]) as tf.Tensor2D; // Σₖₖ (W·c)² [C_in, C_out]
        const d = tf.rsqrt(tf.add(tf.matMul(tf.square(s), energy), 1e-8)); // [N, C_out]
        y = tf.mul(y, tf.reshape(d, [n, 1, 1, this.filters]));
      }
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      demodulate: this.demodulate,
      upsample: this.upsample,
      useBias: this.useBias,
      seed: this.seed,
    };
  }
}

tf.serialization.registerClass(ModulatedConv2D);
