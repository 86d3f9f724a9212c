// ProGAN with DiffAugment and ADA through its own train step, at each step's resolution while the
// networks grow (4x4, then the 8x8 fade-in): family-testing's shared augmentation checks.
import { describeAugmentation, trainingHarness } from '@ganforge/family-testing';
import { progan } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

const harness = trainingHarness({ architecture: progan, config: tinyConfig, data: () => ({ images: tinyDataset() }), dataSource: 'squares' });

describeAugmentation({
  name: 'ProGAN',
  harness,
  config: tinyConfig,
  imagesPerStep: tinyConfig.batchSize, // batchSizes is empty: batchSize at every resolution
  overfit: { config: { lrG: 1e-12, lrD: 1e-2, fixedLevel: 1 }, steps: 12 },
});
