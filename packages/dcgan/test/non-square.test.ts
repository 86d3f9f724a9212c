// DCGAN at 8x16: the generator starts at 4x8 and doubles once (--size 8x16).
// family-testing's shared checks of images whose height differs from their width.
import { describeNonSquare } from '@ganforge/family-testing';
import { dcgan } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

describeNonSquare({ architecture: dcgan, config: tinyConfig, height: 8, width: 16 });
