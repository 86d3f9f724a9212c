// pix2pix with DiffAugment and ADA: D sees each [input | target] pair through one transform, the real
// pairs, D's fake pairs and G's fake pairs each with their own draw; family-testing's shared checks.
import { describeAugmentation, trainingHarness } from '@ganforge/family-testing';
import { pix2pix } from '../src/index.js';
import { tinyConfig, tinyPairs } from './fixtures.js';

const harness = trainingHarness({ architecture: pix2pix, config: tinyConfig, data: () => tinyPairs(), dataSource: 'tiny pairs' });

describeAugmentation({
  name: 'pix2pix',
  harness,
  config: tinyConfig,
  imagesPerStep: tinyConfig.batchSize, // one D update of batchSize pairs
  overfit: { config: { lrG: 1e-12, lrD: 1e-2, lambdaL1: 0 }, steps: 12 },
});
