// SRGAN with DiffAugment and ADA once the adversarial stage starts (step 2 here): D
// sees the HR crops and the SR outputs through separate draws, G's adversarial term a third, the
// content loss none; family-testing's shared augmentation checks.
import { describeAugmentation, trainingHarness } from '@ganforge/family-testing';
import { disposeContentNetworks, srgan } from '../src/index.js';
import { afterAll } from 'vitest';
import { tinyConfig, tinyDataset } from './fixtures.js';

// Batches of 8: D's batch norm needs more than 4 crops to score all reals above the fakes. One MSE
// step, not the tiny config's 2: the shared checks resume after step 2 of 3, and there ADA's p has
// moved once (after 2 MSE steps the resume would start from p = 0).
const config = { ...tinyConfig, batchSize: 8, pretrainSteps: 1 };
const harness = trainingHarness({ architecture: srgan, config, data: () => ({ images: tinyDataset() }), dataSource: 'blobs', seed: 3 });
afterAll(() => disposeContentNetworks());

describeAugmentation({
  name: 'SRGAN',
  harness,
  config,
  imagesPerStep: config.batchSize, // one D update of batchSize crops
  overfit: { config: { pretrainSteps: 0, lrG: 1e-12, lrD: 1e-3 }, steps: 16 },
});
