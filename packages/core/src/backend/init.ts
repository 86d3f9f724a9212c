/**
 * Backend selection: one `await initBackend()` before any tensor is made.
 *
 * `auto` in Node tries @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node (optional peers that a
 * user adds with one install), then webgpu where the `webgpu` package finds a GPU adapter (not a
 * CPU fallback such as SwiftShader), then wasm. In a browser it tries webgpu (a GPU adapter), then
 * webgl, then wasm. `cpu` (pure JS) is a fallback only: it is 20x+ slower than wasm.
 */
import type * as NodeOs from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { installFrugalBackprop } from './frugal-backprop.js';
import { registerGradients } from './gradients.js';
import { registerPrunedGradients } from './pruned-gradients.js';
import { registerWasmTrainingKernels } from './wasm-kernels.js';
import { adapterLabel, adapterMatches, probeAdapter, probeAdapterInChildProcess, webgpuNavigator, type AdapterReport } from './webgpu/adapter.js';
import { registerWebGPUTrainingKernels } from './webgpu/register.js';

export type { AdapterReport } from './webgpu/adapter.js';

/** Backends a user can ask for. */
export const backendChoices = ['auto', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof backendChoices)[number];

/** What actually ran: every report (CLI header, bench row, checkpoint) names this. */
export interface BackendReport {
  /** tfjs backend name that is active, e.g. `wasm`, `tensorflow`, `webgpu`. */
  backend: string;
  /** What was asked for. */
  requested: BackendChoice;
  /** Package that provides it, e.g. `@tensorflow/tfjs-node-gpu`. */
  provider: string;
  /** Threads the backend computes with (wasm: 1 unless threaded wasm is active). */
  threads: number;
  /** webgpu only: the adapter it runs on (vendor, architecture, driver description). */
  adapter?: AdapterReport;
}

export class BackendError extends Error {
  override name = 'BackendError';
}

/** How the wasm module fails once its heap is full: emscripten's abort, or an access past the heap's end. */
const wasmMemoryFailure = /^Aborted\(|out of bounds|out of memory/i;

/**
 * A BackendError saying so when `error` is the wasm backend running out of memory (its heap stops
 * at 4 GiB, and a failed allocation surfaces as an abort or an out-of-bounds access); else `error`.
 * The wasm module is unusable afterwards, so callers rethrow it.
 */
export function explainBackendFailure(error: unknown, context: FailureContext = {}): unknown {
  if (error instanceof Error && tf.getBackend() === 'webgpu' && gpuMemoryFailure.test(error.message)) {
    const what = [context.config, context.batchSize !== undefined ? `batch ${context.batchSize}` : undefined].filter(Boolean).join(', ');
    return new BackendError(
      `the webgpu backend ran out of GPU memory${what ? ` (${what})` : ''} on ${activeAdapter ? adapterLabel(activeAdapter) : 'its adapter'}; the GPU said: ${error.message.split('\n')[0]}. ` +
        'Lower batchSize or the image size, or train on a GPU with more memory',
    );
  }
  if (!(error instanceof Error) || tf.getBackend() !== 'wasm' || !wasmMemoryFailure.test(error.message)) return error;
  const heapBytes = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.length ?? 0;
  return new BackendError(
    `the wasm backend ran out of memory (${(heapBytes / 2 ** 30).toFixed(1)} GiB in use; its heap stops at 4 GiB; wasm said: ${error.message.split('\n')[0]}). ` +
      'Lower batchSize or the image size, or use a backend without that limit: --backend webgpu or tensorflow (@tensorflow/tfjs-node)',
  );
}

/** How a GPU allocation fails: Dawn's out-of-memory errors, a buffer over the device's limits, a lost device. */
const gpuMemoryFailure = /out of memory|\bOOM\b|allocation failed|exceeds the max(imum)? buffer size|maxBufferSize|maxStorageBufferBindingSize|device (was |is )?lost/i;

/** What a caller of explainBackendFailure knows about the run that failed. */
export interface FailureContext {
  /** The config or bench id, e.g. `dcgan-celeba64`. */
  config?: string;
  /** The batch size the step ran with. */
  batchSize?: number;
}

/** The adapter the active webgpu backend runs on (set by initBackend). */
let activeAdapter: AdapterReport | undefined;

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

/** Imports a module whose name is hidden from bundlers; resolves to undefined when it is missing or fails to load. */
async function tryImport(specifier: string): Promise<unknown> {
  try {
    return await import(/* @vite-ignore */ specifier);
  } catch {
    return undefined;
  }
}

interface Candidate {
  choice: Exclude<BackendChoice, 'auto'>;
  provider: string;
  /** Loads the provider and activates the backend; false when it cannot run here. */
  start: () => Promise<boolean>;
}

const nodeTensorflow = (provider: string): Candidate => ({
  choice: 'tensorflow',
  provider,
  start: async () => (await tryImport(provider)) !== undefined && tf.setBackend('tensorflow'),
});

/** Threads for wasm: the option, then GANFORGE_THREADS, then every core in Node (1 in a browser). */
async function wasmThreads(requested: number | undefined): Promise<number> {
  if (requested !== undefined) return requested;
  if (!isNode) return 1;
  const fromEnv = Number(process.env.GANFORGE_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  const os = (await import(/* @vite-ignore */ 'node:os')) as typeof NodeOs;
  return os.availableParallelism();
}

const wasm = (threads: number | undefined): Candidate => ({
  choice: 'wasm',
  provider: '@tensorflow/tfjs-backend-wasm',
  start: async () => {
    if ((await tryImport('@tensorflow/tfjs-backend-wasm')) === undefined) return false;
    const count = await wasmThreads(threads);
    // Threaded wasm in Node (see wasm-threads.ts); falls back to one thread by itself.
    const threading = count > 1 && tf.findBackend('wasm') === null ? await import('./wasm-threads.js') : undefined;
    await threading?.enableWasmThreads(count);
    registerWasmTrainingKernels();
    const started = await tf.setBackend('wasm');
    threading?.releaseWasmThreadWorkers();
    return started;
  },
});

const cpu: Candidate = {
  choice: 'cpu',
  provider: '@tensorflow/tfjs-backend-cpu',
  // @tensorflow/tfjs registers cpu itself; the standalone package is for tfjs-core-only set-ups.
  start: async () =>
    (tf.findBackendFactory('cpu') !== null || (await tryImport('@tensorflow/tfjs-backend-cpu')) !== undefined) && tf.setBackend('cpu'),
};

/**
 * webgpu, on a GPU adapter, or on a CPU fallback only when it is named (`adapterName`). With
 * `explain`, every reason it cannot start is a one-line BackendError naming what was found and what
 * to install or set; without (auto), it just reports false.
 */
const webgpu = (adapterName: string | undefined, explain: boolean): Candidate => ({
  choice: 'webgpu',
  provider: '@tensorflow/tfjs-backend-webgpu',
  start: async () => {
    const refuse = (reason: string): false => {
      if (explain) throw new BackendError(`backend "webgpu" cannot start: ${reason}`);
      return false;
    };
    // auto in Node asks a child process first, and leaves Dawn unloaded unless it would use the adapter.
    const nav = globalThis as { navigator?: { gpu?: unknown } };
    if (!explain && isNode && nav.navigator?.gpu === undefined) {
      const seen = await probeAdapterInChildProcess();
      if (seen === null) return false;
      if (seen !== undefined && (adapterName === undefined ? seen.cpuFallback : !adapterMatches(seen, adapterName))) return false;
    }
    const gpu = await webgpuNavigator();
    if (gpu === undefined) {
      return refuse(isNode
        ? 'the `webgpu` package (Dawn for Node) is not installed: npm install webgpu @tensorflow/tfjs-backend-webgpu@4.22.0'
        : 'this browser has no navigator.gpu (WebGPU is off or unsupported)');
    }
    const adapter = await probeAdapter(gpu);
    if (adapter === undefined) {
      return refuse(isNode
        ? 'Dawn found no WebGPU adapter: it needs the Vulkan loader and a GPU driver (check `vulkaninfo --summary`; Debian/Ubuntu: apt-get install libvulkan1 and the GPU\'s Vulkan driver), or use --backend wasm'
        : 'the browser offers no WebGPU adapter (check the GPU driver and chrome://gpu), or use --backend wasm');
    }
    if (adapterName !== undefined && !adapterMatches(adapter, adapterName)) {
      return refuse(`GANFORGE_WEBGPU_ADAPTER asks for an adapter named "${adapterName}", found ${adapterLabel(adapter)}`);
    }
    if (adapter.cpuFallback && adapterName === undefined) {
      return refuse(
        `found only a CPU adapter, ${adapterLabel(adapter)}, not a GPU: install the GPU's Vulkan driver, or set ` +
          `GANFORGE_WEBGPU_ADAPTER=${adapter.architecture || adapter.vendor} to train on it anyway (slow)`,
      );
    }
    // A bundle may have imported the backend itself (it registers only once navigator.gpu exists).
    if (tf.findBackendFactory('webgpu') === null) await tryImport('@tensorflow/tfjs-backend-webgpu');
    if (tf.findBackendFactory('webgpu') === null) {
      return refuse('@tensorflow/tfjs-backend-webgpu is not installed: npm install @tensorflow/tfjs-backend-webgpu@4.22.0');
    }
    registerWebGPUTrainingKernels();
    if (!(await tf.setBackend('webgpu'))) return refuse(`tfjs' webgpu backend did not start on ${adapterLabel(adapter)}`);
    activeAdapter = adapter;
    return true;
  },
});

const webgl: Candidate = {
  choice: 'webgl',
  provider: '@tensorflow/tfjs-backend-webgl',
  start: async () => (await tryImport('@tensorflow/tfjs-backend-webgl')) !== undefined && tf.setBackend('webgl'),
};

function candidatesFor(choice: BackendChoice, threads: number | undefined, adapterName: string | undefined): Candidate[] {
  const tensorflow = [nodeTensorflow('@tensorflow/tfjs-node-gpu'), nodeTensorflow('@tensorflow/tfjs-node')];
  switch (choice) {
    case 'auto':
      return isNode ? [...tensorflow, webgpu(adapterName, false), wasm(threads)] : [webgpu(adapterName, false), webgl, wasm(threads)];
    case 'tensorflow':
      return tensorflow;
    case 'webgpu':
      return [webgpu(adapterName, true)];
    case 'webgl':
      return [webgl];
    case 'wasm':
      return [wasm(threads)];
    case 'cpu':
      return [cpu];
  }
}

const installHint: Record<Exclude<BackendChoice, 'auto'>, string> = {
  tensorflow: 'install @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu with CUDA), or use --backend wasm',
  webgpu: 'install @tensorflow/tfjs-backend-webgpu (and in Node the `webgpu` package) on a machine with a GPU, or use --backend wasm',
  webgl: 'install @tensorflow/tfjs-backend-webgl and run in a browser, or use --backend wasm',
  wasm: 'install @tensorflow/tfjs-backend-wasm',
  cpu: 'install @tensorflow/tfjs-backend-cpu',
};

/** Parses a backend name (from --backend or GANFORGE_BACKEND), with an error listing the valid ones. */
export function parseBackendChoice(value: string): BackendChoice {
  if ((backendChoices as readonly string[]).includes(value)) return value as BackendChoice;
  throw new BackendError(`unknown backend "${value}"; use one of: ${backendChoices.join(', ')}`);
}

/** initBackend's options. */
export interface InitBackendOptions {
  /** Backend to start; default GANFORGE_BACKEND, then `auto`. */
  backend?: BackendChoice;
  /** wasm threads; default GANFORGE_THREADS, then every core in Node. */
  threads?: number;
  /**
   * webgpu: run on the adapter with this name (part of its vendor, architecture or description),
   * which may be a CPU fallback such as `swiftshader`; default GANFORGE_WEBGPU_ADAPTER. Without
   * it, webgpu takes a GPU adapter only.
   */
  webgpuAdapter?: string;
}

/**
 * Selects and activates a backend. `backend` defaults to the GANFORGE_BACKEND variable, then `auto`;
 * `threads` (wasm only) defaults to GANFORGE_THREADS, then all cores in Node. Throws BackendError
 * naming the missing package (or, for webgpu, the adapter found and what to install or set) when
 * an explicitly requested backend cannot start.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendReport> {
  const fromEnv = isNode ? process.env.GANFORGE_BACKEND : undefined;
  const requested = options.backend ?? (fromEnv ? parseBackendChoice(fromEnv) : 'auto');
  const adapterName = options.webgpuAdapter ?? ((isNode ? process.env.GANFORGE_WEBGPU_ADAPTER : undefined) || undefined);
  registerGradients();
  registerPrunedGradients();
  installFrugalBackprop();
  for (const candidate of candidatesFor(requested, options.threads, adapterName)) {
    if (await candidate.start()) {
      await tf.ready();
      const report: BackendReport = { backend: tf.getBackend(), requested, provider: candidate.provider, threads: await backendThreads() };
      if (report.backend === 'webgpu' && activeAdapter) report.adapter = activeAdapter;
      return report;
    }
  }
  const hint = requested === 'auto' ? installHint.wasm : installHint[requested];
  throw new BackendError(`backend "${requested}" is not available here: ${hint}`);
}

async function backendThreads(): Promise<number> {
  if (tf.getBackend() !== 'wasm') return 1;
  const wasmModule = (await tryImport('@tensorflow/tfjs-backend-wasm')) as { getThreadsCount?: () => number } | undefined;
  return wasmModule?.getThreadsCount?.() ?? 1;
}
