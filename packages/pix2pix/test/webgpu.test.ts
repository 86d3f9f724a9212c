// pix2pix on webgpu-over-SwiftShader: resume, closeness to wasm, translate, leaks (family-testing's
// webgpuFamilyChecks).
import { webgpuFamilyChecks } from '@ganforge/family-testing';
import { pix2pix } from '../src/index.js';
import { tinyConfig, tinyPairs } from './fixtures.js';

webgpuFamilyChecks({
  architecture: pix2pix,
  config: tinyConfig,
  data: () => tinyPairs(),
  // facades' U-Net down to a 1x1 bottleneck and 70x70 PatchGAN, BtoA, batch 1, jitter and flips, at widths 2
  // and 64x64 (6 downs instead of 8: at 256x256 two steps take minutes on SwiftShader).
  gpuPresets: { facades: { imageSize: 64, ngf: 2, ndf: 2 } },
});
