// Backend selection around webgpu: CPU fallback adapters are named and refused unless asked for,
// every way webgpu cannot start is one line naming what was found and what to do, the report names
// the adapter, and out-of-GPU-memory failures are explained.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackendError, explainBackendFailure, initBackend } from '../src/backend/init.js';
import { adapterLabel, describeAdapter, probeAdapterInChildProcess } from '../src/backend/webgpu/adapter.js';
import { startWebGPU, useSwiftShader } from './webgpu-env.js';

const nav = globalThis as { navigator?: unknown };

/** initBackend's failure message (the test fails when it starts). */
async function failure(start: () => Promise<unknown>): Promise<string> {
  const error = await start().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BackendError);
  const message = (error as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  return message;
}

describe('webgpu adapters', () => {
  it('flags SwiftShader, lavapipe, WARP and isFallbackAdapter as CPU fallbacks, and GPUs as not', async () => {
    const swiftShader = { info: { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0' } };
    const cases: [object, boolean][] = [
      [swiftShader, true],
      [{ info: { vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' } }, true],
      [{ info: { vendor: 'mesa', architecture: 'lavapipe', description: '' } }, true],
      [{ info: { vendor: 'microsoft', architecture: '', description: 'Microsoft Basic Render Driver' } }, true],
      [{ info: { vendor: 'x', architecture: 'y', description: 'z', isFallbackAdapter: true } }, true],
      [{ isFallbackAdapter: true, info: { vendor: 'x' } }, true],
      [{ info: { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA: 570.86.15' } }, false],
      [{ info: { vendor: 'amd', architecture: 'rdna-3', description: 'AMD RADV NAVI31' } }, false],
      [{ requestAdapterInfo: async () => ({ vendor: 'intel', architecture: 'gen-12lp' }) }, false],
    ];
    for (const [adapter, cpu] of cases) expect((await describeAdapter(adapter)).cpuFallback, JSON.stringify(adapter)).toBe(cpu);
    expect(adapterLabel(await describeAdapter(swiftShader))).toBe('google swiftshader (SwiftShader driver 5.0.0)');
  });
});

describe('initBackend and webgpu', () => {
  // Test files share one process (vitest's isolate: false): each test starts without the navigator
  // an earlier file's webgpu start left, and that navigator comes back after it.
  let earlierNavigator: PropertyDescriptor | undefined;
  beforeEach(() => {
    earlierNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    delete nav.navigator;
  });
  afterEach(() => {
    vi.doUnmock('webgpu');
    delete nav.navigator;
    if (earlierNavigator) Object.defineProperty(globalThis, 'navigator', earlierNavigator);
  });

  it('--backend webgpu without the webgpu package names the install command', async () => {
    vi.doMock('webgpu', () => {
      throw new Error("Cannot find package 'webgpu'");
    });
    expect(await failure(() => initBackend({ backend: 'webgpu' }))).toMatch(/^backend "webgpu" cannot start: the `webgpu` package .* not installed: npm install webgpu @tensorflow\/tfjs-backend-webgpu@4\.22\.0$/);
  });

  it('--backend webgpu with no adapter names the Vulkan/driver check, and auto passes over it', async () => {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: { requestAdapter: async () => null } }, configurable: true, writable: true });
    try {
      expect(await failure(() => initBackend({ backend: 'webgpu' }))).toMatch(/found no WebGPU adapter: .*vulkaninfo.*libvulkan1/);
      expect((await initBackend({ backend: 'auto' })).backend).toBe('wasm');
    } finally {
      delete nav.navigator;
    }
  });

  it('auto passes over SwiftShader; --backend webgpu refuses it unless named, then runs on it and reports it', async () => {
    useSwiftShader();
    expect((await initBackend({ backend: 'auto' })).backend).toBe('wasm');
    // auto asked a child process, so Dawn (and its stderr complaints about the CPU adapter) stayed out of this one.
    expect((nav.navigator as { gpu?: unknown } | undefined)?.gpu).toBeUndefined();
    expect(await probeAdapterInChildProcess()).toEqual({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0', cpuFallback: true });
    const refused = await failure(() => initBackend({ backend: 'webgpu' }));
    expect(refused).toContain('found only a CPU adapter, google swiftshader (SwiftShader driver 5.0.0), not a GPU');
    expect(refused).toContain('GANFORGE_WEBGPU_ADAPTER=swiftshader');
    expect(await failure(() => initBackend({ backend: 'webgpu', webgpuAdapter: 'nvidia' }))).toContain('asks for an adapter named "nvidia", found google swiftshader');
    expect(tf.getBackend()).toBe('wasm');
    const report = await startWebGPU();
    expect(report).toMatchObject({ backend: 'webgpu', requested: 'webgpu', provider: '@tensorflow/tfjs-backend-webgpu' });
    expect(report.adapter).toEqual({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0', cpuFallback: true });
    // GANFORGE_WEBGPU_ADAPTER names it as the option does.
    process.env.GANFORGE_WEBGPU_ADAPTER = 'SwiftShader';
    try {
      expect((await initBackend({ backend: 'webgpu' })).adapter?.architecture).toBe('swiftshader');
    } finally {
      delete process.env.GANFORGE_WEBGPU_ADAPTER;
    }
  });

  it('explains running out of GPU memory in one line naming the batch and the adapter', async () => {
    await startWebGPU();
    const explained = explainBackendFailure(new Error('Out of memory: failed to allocate buffer of 4294967296 bytes\n at createBuffer'), { config: 'cyclegan-256', batchSize: 4 });
    expect(explained).toBeInstanceOf(BackendError);
    expect((explained as Error).message).toBe(
      'the webgpu backend ran out of GPU memory (cyclegan-256, batch 4) on google swiftshader (SwiftShader driver 5.0.0); the GPU said: Out of memory: failed to allocate buffer of 4294967296 bytes. Lower batchSize or the image size, or train on a GPU with more memory',
    );
    const other = new Error('shapes do not match');
    expect(explainBackendFailure(other)).toBe(other);
  });
});
