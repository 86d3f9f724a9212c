import * as tf from '@tensorflow/tfjs';
import { EqualizedConv2D, EqualizedDense, MinibatchStddev } from '@ganforge/core/layers';
import { rngStreams, tfSeed } from '@ganforge/core/random';
import { channelsAt, levels, resolutionOf, type StyleganConfig } from './config.js';

/**
 * StyleGAN2 residual discriminator (Karras et al. 2020, Fig. 7c; the reference script's DBlock),
 * NHWC: images [N, S, S, C] -> logits [N, 1].
 *
 *   fromRGB: conv1 C_S (lrelu·√2)
 *   r = S..8: main = avgpool(conv3 C_{r/2} (lrelu·√2) (conv3 C_r (lrelu·√2) (x)))
 *             skip = conv1 C_{r/2} (linear, no bias) (avgpool(x));  x = (main + skip)/√2
 *   4x4: minibatch stddev -> conv3 C₄ (lrelu·√2) -> dense C₄ (lrelu·√2) -> dense 1
 *
 * Equalized learning rate everywhere (gain 1; the activations carry √2). The 1/√2 of the residual
 * sum is folded into the branches: the second main conv's activation gain is √2/√2 = 1 and the
 * skip conv's gain 1/√2 (both are followed only by linear ops), so the block is an Add layer.
 */
export function createDiscriminator(config: StyleganConfig, seed = 0): tf.LayersModel {
  const top = levels(config.imageSize);
  let count = 0;
  const init = () => tfSeed(seed, rngStreams.init, 2, count++);
  const conv = (name: string, filters: number, kernelSize: number, options: { activationGain?: number; linear?: boolean; gain?: number } = {}) =>
    new EqualizedConv2D({
      name,
      filters,
      kernelSize,
      gain: options.gain ?? 1,
      useBias: !options.linear,
      activation: options.linear ? 'linear' : 'lrelu',
      activationGain: options.activationGain ?? Math.SQRT2,
      seed: init(),
    });
  const apply = (x: tf.SymbolicTensor, ...layers: tf.layers.Layer[]) => layers.reduce((h, layer) => layer.apply(h) as tf.SymbolicTensor, x);

  const image = tf.input({ shape: [config.imageSize, config.imageSize, config.channels], name: 'image' });
  let x = apply(image, conv('fromrgb', channelsAt(config, config.imageSize), 1)); // [N, S, S, C_S]
  for (let level = top; level > 0; level--) {
    const r = resolutionOf(level);
    const out = channelsAt(config, r / 2);
    // [N, r, r, C_r] -> [N, r/2, r/2, C_{r/2}]
    const main = apply(x, conv(`d${r}-conv0`, channelsAt(config, r), 3), conv(`d${r}-conv1`, out, 3, { activationGain: 1 }), tf.layers.averagePooling2d({ name: `d${r}-pool`, poolSize: 2 }));
    const skip = apply(x, tf.layers.averagePooling2d({ name: `d${r}-skip-pool`, poolSize: 2 }), conv(`d${r}-skip`, out, 1, { linear: true, gain: Math.SQRT1_2 }));
    x = tf.layers.add({ name: `d${r}-add` }).apply([main, skip]) as tf.SymbolicTensor;
  }
  const c4 = channelsAt(config, 4);
  const logits = apply(
    x,
    new MinibatchStddev({ name: 'd4-mbstd', groupSize: config.mbstdGroup }), // [N, 4, 4, C₄ + 1]
    conv('d4-conv', c4, 3),
    tf.layers.flatten({ name: 'd4-flatten' }), // [N, 16·C₄]
    new EqualizedDense({ name: 'd4-dense', units: c4, gain: 1, activation: 'lrelu', activationGain: Math.SQRT2, seed: init() }),
    new EqualizedDense({ name: 'd4-out', units: 1, gain: 1, seed: init() }), // [N, 1]
  );
  return tf.model({ name: 'discriminator', inputs: image, outputs: logits });
}
