// StyleGAN on webgpu-over-SwiftShader: lazy R1 (second-order gradients) on step 1 and not on the
// resumed step 2 (a resume that lost the step count would run it), style mixing, noise, EMA; resume,
// closeness to wasm, generate, leaks (family-testing's webgpuFamilyChecks).
import { webgpuFamilyChecks } from '@ganforge/family-testing';
import { stylegan } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

webgpuFamilyChecks({
  architecture: stylegan,
  config: { ...tinyConfig, ema: 0.9 },
  data: () => ({ images: tinyDataset() }),
  seed: 13,
  // ffhq256's 8-layer mapping, modulated levels with skip toRGB and ResNet D, γ 1, at z = w = 16, at most 4
  // channels, batch 2 and 16x16 (three levels instead of seven, each one more set of kernels for
  // SwiftShader to compile: at 256x256 two steps take minutes, at 32x32 they took 42-60 s).
  gpuPresets: { ffhq256: { imageSize: 16, latentDim: 16, wDim: 16, fmapBase: 1024, fmapMax: 4, batchSize: 2 } },
});
