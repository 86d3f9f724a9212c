// WebGPU on SwiftShader for tests: Debian's chromium package ships SwiftShader's Vulkan driver, and
// with VK_ICD_FILENAMES pointing at it Dawn (the `webgpu` package) starts a WebGPU adapter on the
// CPU: correct, slow, with the same dispatches as a GPU. CI needs chromium (the driver) and
// libvulkan1 (the Vulkan loader); when either is missing, these helpers fail with a message saying
// so, never skip. No dependencies: core's own tests use it as well as family-testing, which depends
// on core.
import { existsSync } from 'node:fs';

/** SwiftShader's Vulkan driver as Debian's chromium package installs it. */
export const swiftShaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** What to install when SwiftShader is missing. */
export const installSwiftShader = "install Debian's chromium and libvulkan1 (apt-get install -y chromium libvulkan1), as the README's set-up does";

/** Asserts that SwiftShader's driver is present; throws naming what to install. */
function requireSwiftShader() {
  if (!existsSync(swiftShaderIcd)) throw new Error(`SwiftShader's Vulkan driver ${swiftShaderIcd} is missing: ${installSwiftShader}`);
}

/**
 * `base` (default process.env) plus what a child process needs to run `--backend webgpu` on
 * SwiftShader: VK_ICD_FILENAMES, XDG_RUNTIME_DIR (Dawn warns without it) and
 * GANFORGE_WEBGPU_ADAPTER=swiftshader (a CPU adapter is used only when named).
 */
export function swiftShaderEnv(base = process.env) {
  requireSwiftShader();
  return { ...base, VK_ICD_FILENAMES: swiftShaderIcd, XDG_RUNTIME_DIR: base.XDG_RUNTIME_DIR ?? '/tmp', GANFORGE_WEBGPU_ADAPTER: 'swiftshader' };
}

/** Points Dawn at SwiftShader in this process; call before the first WebGPU use in the process. */
export function useSwiftShader() {
  requireSwiftShader();
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  process.env.VK_ICD_FILENAMES = swiftShaderIcd;
}

/**
 * `initBackend({ backend: 'webgpu', webgpuAdapter: 'swiftshader' })` with Dawn pointed at
 * SwiftShader, as a user asks for it by name. `initBackend` is core's (the caller passes it, so
 * core's tests use their own source).
 */
export async function startWebGPU(initBackend) {
  useSwiftShader();
  try {
    return await initBackend({ backend: 'webgpu', webgpuAdapter: 'swiftshader' });
  } catch (error) {
    throw new Error(`webgpu did not start on SwiftShader (${error.message}); ${installSwiftShader}`);
  }
}
