// Starts tfjs' webgpu backend on SwiftShader (Chromium's Vulkan on the CPU) for the webgpu tests:
// correct, slow, and with the same dispatches as a GPU. The environment and its failure message
// ("install chromium and libvulkan1") come from @ganforge/swiftshader, which the families' tests,
// the CLI tests and the pack test share.
import * as tf from '@tensorflow/tfjs';
import { startWebGPU as startOnSwiftShader } from '@ganforge/swiftshader';
import { initBackend, type BackendReport } from '../src/index.js';

export { swiftShaderIcd, useSwiftShader } from '@ganforge/swiftshader';

/** initBackend on webgpu-over-SwiftShader, as a user would ask for it by name. */
export const startWebGPU = (): Promise<BackendReport> => startOnSwiftShader(initBackend);

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
