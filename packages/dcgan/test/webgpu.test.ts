// DCGAN on webgpu-over-SwiftShader: resume, closeness to wasm, generate, leaks (family-testing's
// webgpuFamilyChecks), and checkpoints crossing between wasm and webgpu.
import { webgpuFamilyChecks } from '@ganforge/family-testing';
import { dcgan } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

webgpuFamilyChecks({
  architecture: dcgan,
  config: { ...tinyConfig, ema: 0.9 },
  data: () => ({ images: tinyDataset() }),
  crossBackendResume: true,
  // celeba64's 64x64x3 and its five layers a network, at widths 4 and batch 2.
  gpuPresets: { celeba64: { ngf: 4, ndf: 4, batchSize: 2 } },
});
