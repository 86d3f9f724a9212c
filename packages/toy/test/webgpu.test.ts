// The toy GAN on webgpu-over-SwiftShader with R1 (second-order gradients) on every D update:
// resume, closeness to wasm, the scatter-plot sampleGrid, leaks (family-testing's webgpuFamilyChecks).
import { webgpuFamilyChecks } from '@ganforge/family-testing';
import { toy } from '../src/index.js';
import { syntheticData, tinyConfig } from './fixtures.js';

webgpuFamilyChecks({ architecture: toy, config: { ...tinyConfig, r1Gamma: 1 }, data: syntheticData, dataSource: 'synthetic' });
