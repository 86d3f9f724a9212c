// ProGAN on webgpu-over-SwiftShader: WGAN-GP (second-order gradients) every step, a resume into
// the fade-in of 8x8 (step 1 at 4x4, the resumed step 2 fades in: a stable phase of one batch),
// closeness to wasm, generate, leaks (family-testing's webgpuFamilyChecks).
import { webgpuFamilyChecks } from '@ganforge/family-testing';
import { progan } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

webgpuFamilyChecks({
  architecture: progan,
  config: { ...tinyConfig, ema: 0.9, stableImages: tinyConfig.batchSize },
  data: () => ({ images: tinyDataset() }),
  // celeba64's schedule, equalized LR, pixel norm and minibatch stddev at 4 channels, batch 2 and 16x16
  // (three levels instead of five: SwiftShader compiles every level's kernels): its first steps are 4x4.
  gpuPresets: { celeba64: { imageSize: 16, fmapBase: 64, fmapMax: 4, latentDim: 8, batchSize: 2 } },
});
