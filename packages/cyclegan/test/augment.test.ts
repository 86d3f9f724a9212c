// CycleGAN with DiffAugment and ADA: each discriminator sees its reals and its pooled fakes through
// separate draws, the generators' adversarial terms through fresh ones, and ADA's one p follows both
// discriminators' reals; family-testing's shared augmentation checks.
import { describeAugmentation, trainingHarness } from '@ganforge/family-testing';
import { cyclegan } from '../src/index.js';
import { tinyConfig, tinyDomains } from './fixtures.js';

// BCE rather than LSGAN: an LSGAN D starts with every real below the 0.5 threshold (r_t = -1), where p cannot rise.
const config = { ...tinyConfig, loss: 'non-saturating' as const };
const harness = trainingHarness({ architecture: cyclegan, config, data: () => tinyDomains(), dataSource: 'tiny domains' });

describeAugmentation({
  name: 'CycleGAN',
  harness,
  config,
  imagesPerStep: 2 * config.batchSize, // D_A and D_B each see a batch of reals
  overfit: { config: { lrG: 1e-12, lrD: 1e-2 }, steps: 12 },
});
