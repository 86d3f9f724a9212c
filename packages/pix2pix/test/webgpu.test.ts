// pix2pix on webgpu-over-SwiftShader: resume, closeness to wasm, translate, leaks (family-testing's
// webgpuFamilyChecks).
import { webgpuFamilyChecks } from '@ganforge/family-testing';
import { pix2pix } from '../src/index.js';
import { tinyConfig, tinyPairs } from './fixtures.js';

webgpuFamilyChecks({
  architecture: pix2pix,
  config: tinyConfig,
  data: () => tinyPairs(),
  // facades' 256x256 U-Net of 8 downs (unet_256) and 70x70 PatchGAN, BtoA, batch 1, at widths 2.
  gpuPresets: { facades: { ngf: 2, ndf: 2 } },
});
