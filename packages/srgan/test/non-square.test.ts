// SRGAN on 16x32 HR images: square 16px training crops, x4 upscaling of the whole 16x32 image, and its evaluation.
// family-testing's shared checks of images whose height differs from their width.
import { describeNonSquare } from '@ganforge/family-testing';
import { srgan } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

describeNonSquare({ architecture: srgan, config: tinyConfig, height: 16, width: 32, channels: 3, scale: 4 });
