/**
 * Spectral normalisation (Miyato, Kataoka, Koyama & Yoshida 2018, "Spectral Normalization for
 * Generative Adversarial Networks"): a wrapper around a layer that owns a `kernel` (dense, conv2d,
 * conv2dTranspose, ...) which divides that kernel by an estimate of its largest singular value
 * σ(W) before every call, so the wrapped layer is about 1-Lipschitz. SNGAN and BigGAN put it on
 * every layer of D (BigGAN on G's too).
 *
 * The kernel is viewed as a matrix M = reshape(W, [-1, out]) (σ does not depend on how the other
 * axes are merged), and σ comes from power iteration with a persistent vector u [1, out], kept as
 * a non-trainable weight so it is saved with the model:
 *
 *   v ← normalize(u Mᵀ);  u ← normalize(v M);  σ = v M uᵀ
 *
 * In training mode every call takes `powerIterations` steps and stores u; in inference mode u is
 * only read (σ = ‖û Mᵀ‖, û = u / ‖u‖). As in PyTorch's spectral_norm, u and v are constants of the
 * gradient: only M carries it.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

type Kwargs = Parameters<tf.layers.Layer['call']>[1];

export interface SpectralNormArgs extends LayerArgs {
  /** The wrapped layer; it must own a `kernel` weight. Give `inputShape` to the wrapper, not to it. */
  layer: tf.layers.Layer;
  /** Power-iteration steps per training call. Default 1 (Miyato et al. 2018). */
  powerIterations?: number;
  /** Guard of the vector normalisations. Default 1e-12 (PyTorch's spectral_norm). */
  epsilon?: number;
  /** Seed of u's N(0, 1) start; unseeded when absent. */
  seed?: number;
}

/** The wrapped layer's kernel slot, which the wrapper fills with the normalised kernel during a call. */
interface KernelHolder {
  kernel?: { read(): tf.Tensor };
}

/** Identity forward, zero gradient: σ's u and v are constants for backpropagation. */
const stopGradient = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;

export class SpectralNorm extends tf.layers.Layer {
  static className = 'GanforgeSpectralNorm';
  readonly layer: tf.layers.Layer;
  readonly powerIterations: number;
  readonly epsilon: number;
  readonly seed: number | undefined;
  private u: tf.LayerVariable | undefined;

  constructor(args: SpectralNormArgs) {
    super(args);
    this.layer = args.layer;
    this.powerIterations = args.powerIterations ?? 1;
    this.epsilon = args.epsilon ?? 1e-12;
    this.seed = args.seed;
    if (!Number.isInteger(this.powerIterations) || this.powerIterations < 1) {
      throw new Error(`SpectralNorm needs powerIterations >= 1, got ${this.powerIterations}`);
    }
  }

  // The wrapped layer's weights are this layer's, plus u (Keras' Wrapper pattern). The base
  // constructor sets `trainable` before `layer` exists, hence the guards.
  override get trainable(): boolean {
    return this.layer === undefined ? true : this.layer.trainable;
  }

  override set trainable(value: boolean) {
    if (this.layer !== undefined) this.layer.trainable = value;
  }

  override get trainableWeights(): tf.LayerVariable[] {
    return this.layer.trainableWeights;
  }

  override get nonTrainableWeights(): tf.LayerVariable[] {
    return [...this.layer.nonTrainableWeights, ...(this.u ? [this.u] : [])];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    if (!this.layer.built) {
      this.layer.build(inputShape);
      this.layer.built = true;
    }
    const out = this.kernel().shape.at(-1)!;
    this.u = this.addWeight('sn_u', [1, out], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: this.seed }), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return this.layer.computeOutputShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const holder = this.layer as unknown as KernelHolder;
      const kernel = this.kernel();
      const w = kernel.read();
      const normalized = tf.div(w, this.sigma(w, kwargs['training'] === true));
      holder.kernel = { read: () => normalized };
      try {
        return this.layer.call(inputs, kwargs);
      } finally {
        holder.kernel = kernel;
      }
    });
  }

  /** The current estimate of σ(kernel) from the stored u, without updating it. Caller disposes. */
  sigmaEstimate(): tf.Scalar {
    return tf.tidy(() => this.sigma(this.kernel().read(), false));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      layer: { className: this.layer.getClassName(), config: this.layer.getConfig() },
      powerIterations: this.powerIterations,
      epsilon: this.epsilon,
      ...(this.seed === undefined ? {} : { seed: this.seed }),
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { layer, ...rest } = config as { layer: { className: string; config: tf.serialization.ConfigDict } };
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[layer.className];
    if (entry === undefined) throw new Error(`SpectralNorm wraps an unknown layer class "${layer.className}"; import the module that registers it`);
    const [innerClass, innerFromConfig] = entry;
    return new cls({ ...rest, layer: innerFromConfig(innerClass, layer.config) });
  }

  /** The wrapped layer's kernel; a clear error for layers without one. */
  private kernel(): tf.LayerVariable {
    const kernel = (this.layer as unknown as KernelHolder).kernel;
    if (!(kernel instanceof tf.LayerVariable)) {
      throw new Error(`SpectralNorm needs a layer with a kernel (dense, conv2d, conv2dTranspose); "${this.layer.name}" (${this.layer.getClassName()}) has none`);
    }
    return kernel;
  }

  /** σ by power iteration on M = reshape(w, [-1, out]); in training, u advances and is stored. */
  private sigma(w: tf.Tensor, training: boolean): tf.Scalar {
    const normalize = (x: tf.Tensor2D) => tf.div(x, tf.add(tf.norm(x), this.epsilon)) as tf.Tensor2D;
    const m = tf.reshape(w, [-1, w.shape.at(-1)!]) as tf.Tensor2D; // [fanIn, out]
    const fixed = stopGradient(m) as tf.Tensor2D;
    let u = normalize(stopGradient(this.u!.read()) as tf.Tensor2D); // [1, out]
    let v = normalize(tf.matMul(u, fixed, false, true)); // [1, fanIn]
    if (training) {
      for (let i = 0; i < this.powerIterations; i++) {
        if (i > 0) v = normalize(tf.matMul(u, fixed, false, true));
        u = normalize(tf.matMul(v, fixed)); // [1, out]
      }
      this.u!.write(u);
    }
    return tf.sum(tf.mul(tf.matMul(v, m), u)); // v M uᵀ
  }
}

/** Wraps `layer` in spectral normalisation (see SpectralNorm). */
export const spectralNorm = (args: SpectralNormArgs): SpectralNorm => new SpectralNorm(args);

tf.serialization.registerClass(SpectralNorm);
