import type * as tf from '@tensorflow/tfjs';
import { defineFamily, imageShapeOf } from '@ganforge/core';
import { projector, zProjection } from '@ganforge/core/project';
import packageJson from '../package.json' with { type: 'json' };
import { benchmarks, fields, presets, resolutionPlan, type DcganConfig } from './config.js';
import { createDiscriminator } from './discriminator.js';
import { createGenerator } from './generator.js';
import { trainStep } from './train-step.js';

/** Projection of images into z: the generator in inference mode (BatchNorm on its running statistics). */
const projection = zProjection<DcganConfig>((generator, _config, code) => generator.apply(code.z!, { training: false }) as tf.Tensor4D);

/** DCGAN as core's training loop and the CLI drive it. */
export const dcgan = defineFamily({
  name: 'dcgan',
  packageJson,
  description: 'DCGAN (Radford et al. 2016): unconditional images from noise',
  data: 'images',
  fields,
  presets,
  benchmarks,
  images: 'any-shape-images',
  check: (config) => resolutionPlan(imageShapeOf(config), config.topology),
  networks: { generator: createGenerator, discriminator: createDiscriminator },
  trainStep,
  latent: 'normal',
  generate: (generator, latent) => generator.predict(latent) as tf.Tensor4D,
  projection,
});

export const { defaults, fieldDocs } = dcgan;
/** Projects images [N, S, S, C] in [-1, 1] into z of a generator (best of `restarts`): see @ganforge/core/project. */
export const project = projector(projection);
export { benchmarks, createDiscriminator, createGenerator, fields, presets, resolutionPlan, trainStep };
export type { DcganConfig, DcganTopology } from './config.js';
export type { ResolutionPlan } from '@ganforge/core';
