// @ganforge/core/layers: custom layers shared by families (each serializable), and initializers.
export { BicubicUpsample, type BicubicUpsampleArgs } from './bicubic-upsample.js';
export { ConditionalBatchNorm, conditionalBatchNorm, type ConditionalBatchNormArgs } from './conditional-batch-norm.js';
export { EqualizedConv2D, equalizedConv2d, type EqualizedConv2DArgs } from './equalized-conv2d.js';
export { EqualizedDense, equalizedDense, type EqualizedDenseArgs } from './equalized-dense.js';
export {
  addEqualizedWeights,
  biasActivation,
  equalizedConfig,
  equalizedOptions,
  type AddWeight,
  type EqualizedArgs,
  type EqualizedOptions,
} from './equalized-lr.js';
export { FourierFeatures, fourierFeatures, type FourierFeaturesArgs } from './fourier-features.js';
export { InstanceNorm, instanceNorm, type InstanceNormArgs } from './instance-norm.js';
export { type LayerArgs } from './layer-args.js';
export { Maxout, maxout, maxoutLayer, type MaxoutArgs } from './maxout.js';
export { MinibatchStddev, minibatchStddev, minibatchStddevLayer, type MinibatchStddevArgs } from './minibatch-stddev.js';
export { PixelNorm, pixelNorm, pixelNormLayer, type PixelNormArgs } from './pixel-norm.js';
export { PixelShuffle, pixelShuffle, pixelShuffleLayer, type PixelShuffleArgs, type PixelShuffleMode } from './pixel-shuffle.js';
export { radfordInitializers, type RadfordInitSettings } from './radford-init.js';
export { ReflectionPad2d, reflectionPad2d, type ReflectionPad2dArgs } from './reflection-pad2d.js';
export { SeededDropout, restoreDropoutCounters, seededDropout, type SeededDropoutArgs } from './seeded-dropout.js';
export { SpectralNorm, spectralNorm, type SpectralNormArgs } from './spectral-norm.js';
export { Upsample2D, upsample2d, upsample2dLayer, type Upsample2DArgs, type UpsampleInterpolation } from './upsample2d.js';
