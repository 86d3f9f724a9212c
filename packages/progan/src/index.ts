import * as tf from '@tensorflow/tfjs';
import { defineFamily } from '@ganforge/core';
import { projector, zProjection } from '@ganforge/core/project';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, fields, presets, validateConfig, type ProganConfig } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { createGenerator } from './generator.js';
import { onnx, onnxConverters } from './onnx.js';
import { trainStep } from './train-step.js';

/** Projection of images into z at the final resolution: the generator's graph output (its grown level), in inference mode. */
const projection = zProjection<ProganConfig>((generator, _config, code) => generator.apply(code.z!, { training: false }) as tf.Tensor4D);

/** ProGAN as core's training loop and the CLI drive it. */
export const progan = defineFamily({
  name: 'progan',
  packageJson,
  description: 'Progressive GAN (Karras et al. 2018): grows from 4x4 with fade-in; pixel norm, minibatch stddev, equalized LR, WGAN-GP',
  data: 'images',
  fields,
  presets,
  benchmarks,
  check: validateConfig,
  networks: { generator: createGenerator, discriminator: createDiscriminator },
  trainStep,
  latent: 'normal',
  onnx,
  projection,
  /** Images at the resolution the generator was trained to, upsampled (nearest) to imageSize, clipped to [-1, 1]. */
  generate: (generator, latent) => tf.tidy(() => tf.clipByValue(generator.predict(latent) as tf.Tensor4D, -1, 1)),
});

export const { defaults, fieldDocs } = progan;
/** Projects images [N, S, S, C] in [-1, 1] into z of a generator (best of `restarts`): see @ganforge/core/project. */
export const project = projector(projection);
export { benchmarks, createDiscriminator, createGenerator, fields, onnxConverters, presets, trainStep, validateConfig };
export { batchAt, channelsAt, levels, progressAt, resolutionOf, type ProganConfig, type Progress } from './config.js';
export { criticize, setDiscriminatorLevel } from './discriminator.js';
export { setGeneratorLevel, synthesize } from './generator.js';
export { CriticFade } from './layers/critic-fade.js';
export { FadeIn } from './layers/fade-in.js';
