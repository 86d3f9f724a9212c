// CycleGAN on webgpu-over-SwiftShader: resume (history pools included), closeness to wasm,
// translate, leaks (family-testing's webgpuFamilyChecks).
import { webgpuFamilyChecks } from '@ganforge/family-testing';
import { cyclegan } from '../src/index.js';
import { tinyConfig, tinyDomains } from './fixtures.js';

webgpuFamilyChecks({
  architecture: cyclegan,
  config: tinyConfig,
  data: () => tinyDomains(),
  // horse2zebra's generators of 9 residual blocks and 70x70 PatchGANs, batch 1, at widths 2 and 32x32
  // (at 256x256 two steps take minutes on SwiftShader; 64x64 took 82 s).
  gpuPresets: { horse2zebra: { imageSize: 32, ngf: 2, ndf: 2 } },
});
