// StyleGAN with DiffAugment and ADA through its own train step (G's fakes, each D update's reals and
// fakes, and the lazy R1 through the reals' view): family-testing's shared augmentation checks.
import { describeAugmentation, trainingHarness } from '@ganforge/family-testing';
import { stylegan } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

const harness = trainingHarness({ architecture: stylegan, config: tinyConfig, data: () => ({ images: tinyDataset() }), dataSource: 'squares', seed: 13 });

describeAugmentation({
  name: 'StyleGAN',
  harness,
  config: tinyConfig,
  imagesPerStep: tinyConfig.batchSize, // one D update a step
  overfit: { config: { lrG: 1e-12, lrD: 1e-2 }, steps: 12 },
});
