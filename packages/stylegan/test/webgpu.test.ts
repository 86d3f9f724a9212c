// StyleGAN on webgpu-over-SwiftShader: lazy R1 (second-order gradients) on steps 1 and 3, style
// mixing, noise, EMA; resume, closeness to wasm, generate, leaks (family-testing's webgpuFamilyChecks).
import { webgpuFamilyChecks } from '@ganforge/family-testing';
import { stylegan } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

webgpuFamilyChecks({
  architecture: stylegan,
  config: { ...tinyConfig, ema: 0.9 },
  data: () => ({ images: tinyDataset() }),
  seed: 13,
  // ffhq256's 8-layer mapping and seven levels to 256x256x3, γ 1, at z = w = 16, at most 4 channels and batch 2.
  gpuPresets: { ffhq256: { latentDim: 16, wDim: 16, fmapBase: 1024, fmapMax: 4, batchSize: 2 } },
});
