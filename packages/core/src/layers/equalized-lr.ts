/**
 * Equalized learning rate (Karras et al. 2018, §4.1), shared by EqualizedDense and EqualizedConv2D:
 * weights are initialised from N(0, 1/λ) and scaled at run time by c = gain·λ/√fan_in, the bias by
 * λ (λ: learning-rate multiplier, Karras et al. 2019 use 0.01 in StyleGAN's mapping network).
 * Adam's update is invariant to the weights' scale, so every layer learns at the same speed.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerArgs } from './layer-args.js';

/** Options every equalized layer takes. */
export interface EqualizedArgs extends LayerArgs {
  /** Add a bias. Default true. */
  useBias?: boolean;
  /** He gain of the runtime scale. Default √2 (ProGAN); StyleGAN2 uses 1 and a √2 activation gain. */
  gain?: number;
  /** Learning-rate multiplier λ. Default 1; 0.01 for StyleGAN's mapping network (Karras et al. 2019). */
  lrMultiplier?: number;
  /** Initial bias value, before the λ scale. Default 0; StyleGAN2 starts style affines at 1. */
  biasInit?: number;
  /** `linear` (default) or `lrelu`: leaky ReLU with slope 0.2 (Karras et al.). */
  activation?: 'linear' | 'lrelu';
  /** Factor after the activation. Default 1; StyleGAN2 uses √2 after lrelu. */
  activationGain?: number;
  /** Seed of the N(0, 1/λ) weight initialiser. Default 0. */
  seed?: number;
}

/** The resolved options with their defaults. */
export type EqualizedOptions = Required<Pick<EqualizedArgs, 'useBias' | 'gain' | 'lrMultiplier' | 'biasInit' | 'activation' | 'activationGain' | 'seed'>>;

export function equalizedOptions(args: EqualizedArgs): EqualizedOptions {
  const options: EqualizedOptions = {
    useBias: args.useBias ?? true,
    gain: args.gain ?? Math.SQRT2,
    lrMultiplier: args.lrMultiplier ?? 1,
    biasInit: args.biasInit ?? 0,
    activation: args.activation ?? 'linear',
    activationGain: args.activationGain ?? 1,
    seed: args.seed ?? 0,
  };
  if (!(options.lrMultiplier > 0)) throw new Error(`lrMultiplier must be positive, got ${options.lrMultiplier}`);
  if (options.activation !== 'linear' && options.activation !== 'lrelu') {
    throw new Error(`activation must be "linear" or "lrelu", got "${String(options.activation)}"`);
  }
  return options;
}

/** A layer's own addWeight (protected in tfjs), passed in by the layer. */
export type AddWeight = (name: string, shape: number[], initializer: ReturnType<typeof tf.initializers.zeros>) => tf.LayerVariable;

/** Adds the weights of an equalized layer: `kernel` ~ N(0, 1/λ) and `bias` = biasInit/λ (so that λ·bias = biasInit). */
export function addEqualizedWeights(
  addWeight: AddWeight,
  kernelShape: number[],
  units: number,
  options: EqualizedOptions,
): { kernel: tf.LayerVariable; bias?: tf.LayerVariable } {
  const { lrMultiplier, seed, useBias, biasInit } = options;
  const kernel = addWeight('kernel', kernelShape, tf.initializers.randomNormal({ mean: 0, stddev: 1 / lrMultiplier, seed }));
  const bias = useBias ? addWeight('bias', [units], tf.initializers.constant({ value: biasInit / lrMultiplier })) : undefined;
  return { kernel, bias };
}

/** Bias (times λ), then the activation and its gain, on an output whose last axis is the units. */
export function biasActivation(y: tf.Tensor, bias: tf.LayerVariable | undefined, options: EqualizedOptions): tf.Tensor {
  let out = bias ? tf.add(y, options.lrMultiplier === 1 ? bias.read() : tf.mul(bias.read(), options.lrMultiplier)) : y;
  if (options.activation === 'lrelu') out = tf.leakyRelu(out, 0.2);
  return options.activationGain === 1 ? out : tf.mul(out, options.activationGain);
}

/** The options as a layer config entry. */
export const equalizedConfig = (o: EqualizedOptions): tf.serialization.ConfigDict => ({ ...o });
