// Starts tfjs' webgpu backend on SwiftShader (Chromium's Vulkan on the CPU) for the webgpu tests:
// correct, slow, and with the same dispatches as a GPU. CI needs Debian's chromium (the driver) and
// libvulkan1 (the Vulkan loader); when either is missing these tests fail with a message saying so.
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendReport } from '../src/index.js';

/** SwiftShader's Vulkan driver as Debian's chromium package installs it. */
export const swiftShaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

const missing = 'install Debian\'s chromium and libvulkan1 (apt-get install -y chromium libvulkan1), as the README\'s set-up does';

/** Points Dawn at SwiftShader; call before the first WebGPU use in the process. */
export function useSwiftShader(): void {
  if (!existsSync(swiftShaderIcd)) throw new Error(`SwiftShader's Vulkan driver ${swiftShaderIcd} is missing: ${missing}`);
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  process.env.VK_ICD_FILENAMES = swiftShaderIcd;
}

/** initBackend on webgpu-over-SwiftShader, as a user would ask for it by name. */
export async function startWebGPU(): Promise<BackendReport> {
  useSwiftShader();
  try {
    return await initBackend({ backend: 'webgpu', webgpuAdapter: 'swiftshader' });
  } catch (error) {
    throw new Error(`webgpu did not start on SwiftShader (${(error as Error).message}); ${missing}`);
  }
}

/** Runs `f` on the cpu backend, then switches back to webgpu. */
export async function onCpu<T>(f: () => Promise<T> | T): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return await f();
  } finally {
    await tf.setBackend('webgpu');
  }
}

/** Largest |a-b| / max(|b|, floor) over two arrays of the same length. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-3): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor));
  return worst;
}
