// DCGAN on webgpu-over-SwiftShader: resume, closeness to wasm, generate, leaks (family-testing's
// webgpuFamilyChecks), checkpoints crossing between wasm and webgpu, and running out of GPU memory.
import { BackendError } from '@ganforge/core';
import { trainLoop } from '@ganforge/core/train';
import { startWebGPU, webgpuFamilyChecks } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
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

describe('dcgan out of GPU memory', () => {
  it('stops the run with one line naming the preset, the batch and the way out', async () => {
    const backend = await startWebGPU();
    const outOfMemory = { ...dcgan, trainStep: () => Promise.reject(new Error('Out of memory: failed to allocate buffer of 4294967296 bytes\n    at createBuffer')) };
    const storage = { truncateLog: async () => {}, appendLog: async () => {}, writeSamples: async () => {}, writeCheckpoint: async () => '' };
    const error = await trainLoop({ architecture: outOfMemory, config: tinyConfig, data: { images: tinyDataset() }, dataSource: 'tiny data', preset: 'celeba64', steps: 1, seed: 1, sampleEvery: 0, checkpointEvery: 0, backend, storage }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toMatch(
      /^the webgpu backend ran out of GPU memory \(dcgan --preset celeba64, batch 8\) on google swiftshader \(SwiftShader driver [^)]*\); the GPU said: Out of memory: failed to allocate buffer of 4294967296 bytes\. Lower batchSize or the image size, or train on a GPU with more memory$/,
    );
  });
});
