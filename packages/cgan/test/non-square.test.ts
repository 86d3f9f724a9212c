// the conditional GAN at 8x16 in 3 classes: G starts at 4x8; D's class channel is an 8x16 map.
// family-testing's shared checks of images whose height differs from their width.
import { describeNonSquare } from '@ganforge/family-testing';
import { cgan } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

describeNonSquare({ architecture: cgan, config: tinyConfig, height: 8, width: 16, classes: 3 });
