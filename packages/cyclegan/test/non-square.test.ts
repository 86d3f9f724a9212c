// CycleGAN at 16x32: both ResNet generators, both PatchGANs and the history pools.
// family-testing's shared checks of images whose height differs from their width.
import { describeNonSquare } from '@ganforge/family-testing';
import { cyclegan } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

describeNonSquare({ architecture: cyclegan, config: tinyConfig, height: 16, width: 32, channels: 3 });
