import * as tf from '@tensorflow/tfjs';
import { imageShapeOf } from '@ganforge/core';
import { InstanceNorm, ReflectionPad2d } from '@ganforge/core/layers';
import { deriveSeed, rngStreams } from '@ganforge/core/random';
import { residualBlocks, type CycleganConfig } from './config.js';

/**
 * CycleGAN's ResNet generator (Johnson et al. 2016, as junyanz's ResnetGenerator with instance
 * norm, no dropout): images [N, H, W, C] -> [N, H, W, C] in [-1, 1].
 * Reflection pad 3, 7x7 conv to ngf; two 3x3 stride-2 convs (ngf -> 2ngf -> 4ngf at H/4 x W/4); nBlocks
 * residual blocks x + [pad 1, 3x3 conv, IN, ReLU, pad 1, 3x3 conv, IN](x); two 3x3 stride-2
 * transposed convs back to ngf at H x W; reflection pad 3, 7x7 conv to C, tanh. Every conv has a bias;
 * every hidden conv is followed by instance norm (no affine) and ReLU.
 *
 * Padding follows PyTorch exactly: the stride-2 convs pad 1 on every side, and the transposed convs
 * (padding 1, output_padding 1) keep rows 1..2h and columns 1..2w of the full (2h+1) x (2w+1) output.
 * @param network tells apart the two generators built from one seed (1: A -> B, 2: B -> A).
 */
export function createGenerator(config: CycleganConfig, seed = 0, network = 1, name = 'generator'): tf.LayersModel {
  const { channels, ngf } = config;
  const { height, width } = imageShapeOf(config);
  let layer = 0;
  const weights = () => tf.initializers.randomNormal({ mean: 0, stddev: config.initStd, seed: deriveSeed(seed, rngStreams.init, network, layer++) });
  const apply = (l: tf.layers.Layer, x: tf.SymbolicTensor) => l.apply(x) as tf.SymbolicTensor;
  const conv = (id: string, x: tf.SymbolicTensor, filters: number, kernelSize: number, strides = 1) =>
    apply(tf.layers.conv2d({ name: id, filters, kernelSize, strides, padding: 'valid', kernelInitializer: weights() }), x);
  const normRelu = (id: string, x: tf.SymbolicTensor) => apply(tf.layers.reLU({ name: `${id}-relu` }), apply(new InstanceNorm({ name: `${id}-in` }), x));

  const input = tf.input({ shape: [height, width, channels], name: `${name}-input` });
  let x = apply(new ReflectionPad2d({ name: 'stem-pad', padding: 3 }), input);
  x = normRelu('stem', conv('stem', x, ngf, 7)); // [N, H, W, ngf]
  for (let i = 1; i <= 2; i++) {
    x = apply(tf.layers.zeroPadding2d({ name: `down${i}-pad`, padding: 1 }), x);
    x = normRelu(`down${i}`, conv(`down${i}`, x, ngf * 2 ** i, 3, 2)); // [N, H/2^i, W/2^i, ngf·2^i]
  }
  const blocks = residualBlocks(config);
  for (let b = 1; b <= blocks; b++) {
    const id = `block${b}`;
    let y = apply(new ReflectionPad2d({ name: `${id}-pad1`, padding: 1 }), x);
    y = normRelu(`${id}-conv1`, conv(`${id}-conv1`, y, ngf * 4, 3));
    y = apply(new ReflectionPad2d({ name: `${id}-pad2`, padding: 1 }), y);
    y = apply(new InstanceNorm({ name: `${id}-conv2-in` }), conv(`${id}-conv2`, y, ngf * 4, 3));
    x = tf.layers.add({ name: `${id}-add` }).apply([x, y]) as tf.SymbolicTensor; // [N, H/4, W/4, 4ngf]
  }
  for (let i = 1; i <= 2; i++) {
    const id = `up${i}`;
    x = apply(tf.layers.conv2dTranspose({ name: id, filters: ngf * 2 ** (2 - i), kernelSize: 3, strides: 2, padding: 'valid', kernelInitializer: weights() }), x);
    x = apply(tf.layers.cropping2D({ name: `${id}-crop`, cropping: [[1, 0], [1, 0]] }), x); // [N, 2h + 1, 2w + 1, ·] -> [N, 2h, 2w, ·]
    x = normRelu(id, x);
  }
  x = apply(new ReflectionPad2d({ name: 'to-image-pad', padding: 3 }), x);
  x = apply(tf.layers.conv2d({ name: 'to-image', filters: channels, kernelSize: 7, padding: 'valid', activation: 'tanh', kernelInitializer: weights() }), x);
  return tf.model({ name, inputs: input, outputs: x }); // [N, H, W, C]
}
