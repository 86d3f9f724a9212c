/**
 * Picks the fastest backend this browser runs: webgpu, then webgl, then wasm, then cpu. core's
 * initBackend imports backends by name at run time, which a bundled page cannot do, so the page
 * imports them here and only switches between them. `?backend=wasm` (or webgpu, webgl, cpu) in the
 * page URL asks for one.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import { registerWasmTrainingKernels } from '@ganforge/core';

export const browserBackends = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BrowserBackend = (typeof browserBackends)[number];

// The .wasm files are page assets. The threaded build needs a cross-origin-isolated page (COOP +
// COEP headers), which a static host rarely sends; one thread it is.
setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmUrl, 'tfjs-backend-wasm-simd.wasm': wasmSimdUrl, 'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdUrl });
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

/** Activates `name`; false when this browser cannot run it (no adapter, no WebGL context, ...). */
async function tryBackend(name: BrowserBackend): Promise<boolean> {
  if (tf.findBackendFactory(name) === null) return false; // webgpu registers only where navigator.gpu exists
  try {
    if (name === 'wasm') registerWasmTrainingKernels();
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    // A backend can start and still fail on first use (lost or software-only contexts): try one op.
    const probe = tf.tidy(() => tf.sum(tf.mul(tf.tensor1d([1, 2, 3]), 2)));
    const [value] = await probe.data();
    probe.dispose();
    return value === 12;
  } catch {
    return false;
  }
}

/**
 * The WebGL renderer when it is a software rasteriser (SwiftShader, llvmpipe: what a browser falls
 * back to without a GPU, e.g. headless with --disable-gpu); undefined for a real GPU. tfjs on a
 * software WebGL runs ~20x slower than on wasm.
 */
export function softwareWebGl(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (gl === null) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.exec(renderer)?.[0];
}

/**
 * The WebGPU adapter when it is a CPU fallback (SwiftShader, what Chromium offers without a GPU
 * when WebGPU is forced on); undefined for a GPU or when there is no adapter at all.
 */
export async function softwareWebGpu(): Promise<string | undefined> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: Record<string, unknown>; isFallbackAdapter?: boolean } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (adapter === null || adapter === undefined) return undefined;
  const info = adapter.info ?? {};
  const described = [info.vendor, info.architecture, info.device, info.description].join(' ');
  if (adapter.isFallbackAdapter === true || info.isFallbackAdapter === true) return described.trim() || 'fallback adapter';
  return /swiftshader|llvmpipe|lavapipe|software|basic render/i.exec(described)?.[0];
}

export interface StartedBackend {
  name: BrowserBackend;
  /** Why faster backends were passed over, for the page to say. */
  note: string;
}

/**
 * Starts the requested backend, or else the first that works here; a software-only WebGPU or
 * WebGL is passed over unless asked for by name (`?backend=webgpu` runs WebGPU on SwiftShader).
 */
export async function startBackend(requested: string | null): Promise<StartedBackend> {
  const wanted = browserBackends.find((name) => name === requested);
  const order = wanted === undefined ? browserBackends : [wanted, ...browserBackends.filter((name) => name !== wanted)];
  const skipped: string[] = [];
  for (const name of order) {
    if (name === 'webgpu' && wanted !== 'webgpu') {
      const software = await softwareWebGpu();
      if (software !== undefined) {
        skipped.push(`webgpu runs on the CPU here (${software})`);
        continue;
      }
    }
    if (name === 'webgl' && wanted !== 'webgl') {
      const software = softwareWebGl();
      if (software !== undefined) {
        skipped.push(`webgl is software-only here (${software})`);
        continue;
      }
    }
    if (await tryBackend(name)) return { name, note: skipped.join('; ') };
    skipped.push(`${name} is not available`);
  }
  throw new Error('no TensorFlow.js backend starts in this browser (tried webgpu, webgl, wasm, cpu)');
}
