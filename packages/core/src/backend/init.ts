/**
 * Backend selection: one `await initBackend()` before any tensor is made.
 *
 * `auto` in Node tries @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node (optional peers that a
 * user adds with one install), then wasm. In a browser it tries webgpu, then webgl, then wasm.
 * `cpu` (pure JS) is a fallback only: it is 20x+ slower than wasm.
 */
import type * as NodeOs from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { installFrugalBackprop } from './frugal-backprop.js';
import { registerGradients } from './gradients.js';
import { registerPrunedGradients } from './pruned-gradients.js';
import { registerWasmTrainingKernels } from './wasm-kernels.js';

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
export function explainBackendFailure(error: unknown): unknown {
  if (!(error instanceof Error) || tf.getBackend() !== 'wasm' || !wasmMemoryFailure.test(error.message)) return error;
  const heapBytes = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.length ?? 0;
  return new BackendError(
    `the wasm backend ran out of memory (${(heapBytes / 2 ** 30).toFixed(1)} GiB in use; its heap stops at 4 GiB; wasm said: ${error.message.split('\n')[0]}). ` +
      'Lower batchSize or the image size, or use a backend without that limit: --backend webgpu or tensorflow (@tensorflow/tfjs-node)',
  );
}

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

const webgpu: Candidate = {
  choice: 'webgpu',
  provider: '@tensorflow/tfjs-backend-webgpu',
  start: async () => {
    const nav = globalThis as { navigator?: { gpu?: unknown } };
    if (isNode && nav.navigator?.gpu === undefined) {
      // Node: the `webgpu` package (Dawn) provides navigator.gpu.
      const dawn = (await tryImport('webgpu')) as { create?: (o: string[]) => unknown; globals?: object } | undefined;
      if (dawn?.create === undefined) return false;
      if (dawn.globals) Object.assign(globalThis, dawn.globals);
      Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.create([]) }, configurable: true });
    }
    return (await tryImport('@tensorflow/tfjs-backend-webgpu')) !== undefined && tf.setBackend('webgpu');
  },
};

const webgl: Candidate = {
  choice: 'webgl',
  provider: '@tensorflow/tfjs-backend-webgl',
  start: async () => (await tryImport('@tensorflow/tfjs-backend-webgl')) !== undefined && tf.setBackend('webgl'),
};

function candidatesFor(choice: BackendChoice, threads: number | undefined): Candidate[] {
  const tensorflow = [nodeTensorflow('@tensorflow/tfjs-node-gpu'), nodeTensorflow('@tensorflow/tfjs-node')];
  switch (choice) {
    case 'auto':
      return isNode ? [...tensorflow, wasm(threads)] : [webgpu, webgl, wasm(threads)];
    case 'tensorflow':
      return tensorflow;
    case 'webgpu':
      return [webgpu];
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

/**
 * Selects and activates a backend. `backend` defaults to the GANFORGE_BACKEND variable, then `auto`;
 * `threads` (wasm only) defaults to GANFORGE_THREADS, then all cores in Node. Throws BackendError
 * naming the missing package when an explicitly requested backend cannot start.
 */
export async function initBackend(options: { backend?: BackendChoice; threads?: number } = {}): Promise<BackendReport> {
  const fromEnv = isNode ? process.env.GANFORGE_BACKEND : undefined;
  const requested = options.backend ?? (fromEnv ? parseBackendChoice(fromEnv) : 'auto');
  registerGradients();
  registerPrunedGradients();
  installFrugalBackprop();
  for (const candidate of candidatesFor(requested, options.threads)) {
    if (await candidate.start()) {
      await tf.ready();
      return { backend: tf.getBackend(), requested, provider: candidate.provider, threads: await backendThreads() };
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
