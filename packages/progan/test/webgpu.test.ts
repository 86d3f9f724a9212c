// ProGAN on webgpu-over-SwiftShader: WGAN-GP (second-order gradients) every step, a resume into
// the fade-in of 8x8 (steps 1-2 at 4x4, step 3 fades in), closeness to wasm, generate, leaks
// (family-testing's webgpuFamilyChecks).
import { webgpuFamilyChecks } from '@ganforge/family-testing';
import { progan } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

webgpuFamilyChecks({
  architecture: progan,
  config: { ...tinyConfig, ema: 0.9 },
  data: () => ({ images: tinyDataset() }),
  // celeba64's five levels (4x4 to 64x64x3) and schedule, at 4 channels and batch 2: its first steps are 4x4.
  gpuPresets: { celeba64: { fmapBase: 64, fmapMax: 4, latentDim: 8, batchSize: 2 } },
});
