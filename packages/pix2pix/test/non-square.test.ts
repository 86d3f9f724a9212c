// pix2pix at 16x32: a U-Net of log2(16) = 4 downs to a 1x2 bottleneck, PatchGAN over the pair.
// family-testing's shared checks of images whose height differs from their width.
import { describeNonSquare } from '@ganforge/family-testing';
import { pix2pix } from '../src/index.js';
import { tinyConfig } from './fixtures.js';

describeNonSquare({ architecture: pix2pix, config: tinyConfig, height: 16, width: 32, channels: 3 });
