// The cGAN on webgpu-over-SwiftShader: resume, closeness to wasm, class-conditional generate, leaks
// (family-testing's webgpuFamilyChecks), with projection D, conditional batch norm, orthogonal
// regularisation, the hinge loss, the within-class stddev and the matching-aware D. Spectral norm
// is left out: on SwiftShader it takes ~8 s a step of this tiny cGAN (3,088 kernels against 495
// without).
import { webgpuFamilyChecks } from '@ganforge/family-testing';
import { cgan } from '../src/index.js';
import { tinyBigGanConfig, tinyDataset } from './fixtures.js';

webgpuFamilyChecks({ architecture: cgan, config: { ...tinyBigGanConfig, spectralNorm: false, ema: 0.9, classStddev: true, matchingAware: true }, data: () => ({ images: tinyDataset() }) });
