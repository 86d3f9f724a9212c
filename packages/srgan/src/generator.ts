import * as tf from '@tensorflow/tfjs';
import { BicubicUpsample, PixelShuffle } from '@ganforge/core/layers';
import { upsampleStages, type SrganConfig } from './config.js';
import { initializers } from './init.js';

/**
 * SRResNet (Ledig et al. 2017, Fig. 4): LR images [N, h, w, C] in [-1, 1] -> SR images
 * [N, scale·h, scale·w, C] (no output activation, as the paper's and the reference's last conv).
 * conv 9x9 + PReLU; residualBlocks x (conv 3x3, BN, PReLU, conv 3x3, BN, + skip); conv 3x3 + BN +
 * the long skip; log2(scale) x (conv 3x3 to 4·ngf, pixel shuffle x2, PReLU); conv 9x9 to C.
 * Fully convolutional: any input size works, so `upscale` can run it on tiles of whole images.
 * With bicubicSkip, the output conv starts at zero and bicubic upscaling of the input is added.
 */
export function createGenerator(config: SrganConfig, seed = 0): tf.LayersModel {
  const init = initializers(config, seed, 1);
  const conv = (name: string, filters: number, kernelSize: number) =>
    tf.layers.conv2d({ name, filters, kernelSize, padding: 'same', kernelInitializer: init.weights() });
  const input = tf.input({ name: 'lr', shape: [null, null, config.channels] }); // [N, h, w, C]
  const head = init.prelu('head-prelu').apply(conv('head', config.ngf, 9).apply(input)) as tf.SymbolicTensor; // [N, h, w, ngf]
  let x = head;
  for (let b = 1; b <= config.residualBlocks; b++) {
    let y = init.batchNorm(`res${b}-bn1`).apply(conv(`res${b}-conv1`, config.ngf, 3).apply(x)) as tf.SymbolicTensor;
    y = init.prelu(`res${b}-prelu`).apply(y) as tf.SymbolicTensor;
    y = init.batchNorm(`res${b}-bn2`).apply(conv(`res${b}-conv2`, config.ngf, 3).apply(y)) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `res${b}-skip` }).apply([x, y]) as tf.SymbolicTensor;
  }
  x = init.batchNorm('body-bn').apply(conv('body', config.ngf, 3).apply(x)) as tf.SymbolicTensor;
  x = tf.layers.add({ name: 'long-skip' }).apply([head, x]) as tf.SymbolicTensor; // [N, h, w, ngf]
  for (let u = 1; u <= upsampleStages(config.scale); u++) {
    // [N, h·2^(u-1), ·, ngf] -> [N, ·, ·, 4·ngf] -> [N, h·2^u, w·2^u, ngf]
    x = conv(`up${u}`, 4 * config.ngf, 3).apply(x) as tf.SymbolicTensor;
    x = new PixelShuffle({ name: `up${u}-shuffle`, factor: 2 }).apply(x) as tf.SymbolicTensor;
    x = init.prelu(`up${u}-prelu`).apply(x) as tf.SymbolicTensor;
  }
  let output: tf.SymbolicTensor;
  if (config.bicubicSkip) {
    const residual = tf.layers.conv2d({ name: 'to-rgb', filters: config.channels, kernelSize: 9, padding: 'same', kernelInitializer: 'zeros' }).apply(x) as tf.SymbolicTensor;
    const bicubic = new BicubicUpsample({ name: 'bicubic', factor: config.scale }).apply(input) as tf.SymbolicTensor;
    output = tf.layers.add({ name: 'bicubic-skip' }).apply([bicubic, residual]) as tf.SymbolicTensor; // [N, scale·h, scale·w, C]
  } else {
    output = conv('to-rgb', config.channels, 9).apply(x) as tf.SymbolicTensor; // [N, scale·h, scale·w, C]
  }
  return tf.model({ name: 'generator', inputs: input, outputs: output });
}

/**
 * How far (in LR pixels, rounded up) one output pixel sees into the input: 9x9 head (4), two 3x3
 * convs per block (2 each), the body conv (1), one 3x3 conv per x2 stage at ever finer resolution
 * (1, 1/2, ...) and the 9x9 output conv at full resolution (4/scale). Tiles overlapping by this
 * much give exactly the whole-image result.
 */
export function receptiveRadius(config: SrganConfig): number {
  let radius = 4 + 2 * config.residualBlocks + 1 + 4 / config.scale;
  for (let u = 0; u < upsampleStages(config.scale); u++) radius += 1 / 2 ** u;
  return Math.ceil(radius);
}
