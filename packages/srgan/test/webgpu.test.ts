// SRGAN on webgpu-over-SwiftShader: resume across the end of MSE pre-training (step 1 pre-trains,
// the resumed step 2 is the first adversarial one), closeness to wasm, upscale, leaks
// (family-testing's webgpuFamilyChecks).
import { webgpuFamilyChecks } from '@ganforge/family-testing';
import { srgan } from '../src/index.js';
import { tinyConfig, tinyDataset } from './fixtures.js';

webgpuFamilyChecks({
  architecture: srgan,
  config: { ...tinyConfig, pretrainSteps: 1 },
  data: () => ({ images: tinyDataset() }),
  // paper's 16 residual blocks, x4 pixel-shuffle upsampling and 8-conv D, at widths 4, 32px crops of 32px images, batch 1.
  gpuPresets: { paper: { ngf: 4, ndf: 4, denseUnits: 8, cropSize: 32, imageSize: 32, batchSize: 1, pretrainSteps: 1 } },
});
