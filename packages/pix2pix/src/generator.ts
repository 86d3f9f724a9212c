import * as tf from '@tensorflow/tfjs';
import { imageShapeOf } from '@ganforge/core';
import { SeededDropout } from '@ganforge/core/layers';
import { unetDowns, type Pix2pixConfig } from './config.js';
import { initializers } from './init.js';

/** Channels the encoder's level k (1 = outermost) produces: ngf·min(2^(k-1), 8). */
const levelWidth = (ngf: number, k: number) => ngf * Math.min(2 ** (k - 1), 8);

/**
 * pix2pix U-Net generator (junyanz's UnetGenerator): images [N, H, W, C] -> [N, H, W, C] in [-1, 1].
 * Encoder level k = 1..n: [LeakyReLU 0.2 (k > 1)] -> 4x4 stride-2 conv to ngf·min(2^(k-1), 8)
 * channels -> [BatchNorm (1 < k < n)]. Decoder level k = n..1: ReLU -> 4x4 stride-2 transposed conv
 * of [encoder k, decoder k+1] concatenated (the skip connection; the innermost takes the encoder
 * alone) -> BatchNorm and, at levels 5..n-1, dropout; the outermost ends in a biased conv and tanh.
 * Convs followed by batch norm have no bias. At 256 (n = 8) the bottleneck is 1x1x512; at 32x64 (n = 5) 1x2.
 */
export function createGenerator(config: Pix2pixConfig, seed = 0): tf.LayersModel {
  const n = unetDowns(config);
  const { channels, ngf } = config;
  const { height, width } = imageShapeOf(config);
  const init = initializers(config, seed, 1);
  const input = tf.input({ shape: [height, width, channels], name: 'input' });

  // Encoder: encoded[k] is level k's output, [N, H/2^k, W/2^k, ngf·min(2^(k-1), 8)]; encoded[0] the input.
  const encoded: tf.SymbolicTensor[] = [input];
  for (let k = 1; k <= n; k++) {
    let x = encoded[k - 1]!;
    if (k > 1) x = tf.layers.leakyReLU({ name: `down${k}-lrelu`, alpha: config.leakySlope }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({
      name: `down${k}`,
      filters: levelWidth(ngf, k),
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      useBias: false,
      kernelInitializer: init.weights(),
    }).apply(x) as tf.SymbolicTensor;
    if (k > 1 && k < n) x = init.batchNorm(`down${k}-bn`).apply(x) as tf.SymbolicTensor;
    encoded.push(x);
  }

  // Decoder: level k maps [N, H/2^k, W/2^k, ·] up to [N, H/2^(k-1), W/2^(k-1), width of encoder level k-1 (C at k = 1)].
  let decoded = encoded[n]!;
  for (let k = n; k >= 1; k--) {
    let x = k === n ? decoded : (tf.layers.concatenate({ name: `skip${k}` }).apply([encoded[k]!, decoded]) as tf.SymbolicTensor);
    x = tf.layers.reLU({ name: `up${k}-relu` }).apply(x) as tf.SymbolicTensor;
    const outermost = k === 1;
    x = tf.layers.conv2dTranspose({
      name: `up${k}`,
      filters: outermost ? channels : levelWidth(ngf, k - 1),
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      useBias: outermost,
      kernelInitializer: init.weights(),
      activation: outermost ? 'tanh' : 'linear',
    }).apply(x) as tf.SymbolicTensor;
    if (!outermost) x = init.batchNorm(`up${k}-bn`).apply(x) as tf.SymbolicTensor;
    if (config.dropout > 0 && k >= 5 && k < n) {
      x = new SeededDropout({ name: `up${k}-dropout`, rate: config.dropout, seed: init.seed() }).apply(x) as tf.SymbolicTensor;
    }
    decoded = x;
  }
  return tf.model({ name: 'generator', inputs: input, outputs: decoded });
}
