/**
 * Multi-threaded `@tensorflow/tfjs-backend-wasm` in Node.
 *
 * The package ships a pthreads build (`wasm-out/tfjs-backend-wasm-threaded-simd.{js,wasm}`) that
 * runs XNNPACK's thread pool on Emscripten pthreads, which in Node are `worker_threads` Workers.
 * Out of the box Node never uses it, for three reasons in tfjs-backend-wasm 4.22.0:
 *
 * 1. `dist/flags_wasm.js`: `WASM_HAS_MULTITHREAD_SUPPORT` returns false whenever `IS_NODE`
 *    (tfjs issue #3830), so `init()` in `dist/backend_wasm.js` loads the single-threaded build.
 * 2. Forcing the flag to true is not enough: `init()`'s `locateFile` hands Emscripten the pthread
 *    worker script as `URL.createObjectURL(new Blob([wasmWorkerContents]))`, and Node's
 *    `new Worker("blob:nodedata:…")` throws ERR_WORKER_PATH (it takes only file paths / file:
 *    URLs), so backend init fails. Its `mainScriptUrlOrBlob` is a Blob too, which the worker
 *    cannot `importScripts` in Node either.
 * 3. Even with working workers, the C++ side caps the pool: `init_with_threads_count(n)` uses
 *    `min(n, num_cores)` with `num_cores = emscripten_num_logical_cores() / 2`, i.e. half of
 *    `os.cpus().length`. On a 2-vCPU machine that is 1 thread whatever `setThreadsCount` says.
 *
 * `enableWasmThreads` therefore instantiates the threaded build itself and registers it as the
 * `wasm` backend (same kernels, same `BackendWasm` class, only the module differs):
 * - the worker script (the string `wasmWorkerContents` the package ships) is written to a
 *   temporary `.cjs` file, and `locateFile` returns that path;
 * - `mainScriptUrlOrBlob` is the path of the threaded glue JS, which each worker `importScripts`;
 * - `instantiateWasm` compiles the threaded `.wasm` with the `emscripten_num_logical_cores`
 *   import reporting `2 * threads`, so the cap above becomes `threads` (at most 8: the build
 *   pre-spawns 8 workers);
 * - `setThreadsCount(threads)` then sizes XNNPACK's pthreadpool.
 *
 * Only XNNPACK kernels run in parallel (Conv2D, FusedConv2D, MatMul, DepthwiseConv2D, pooling);
 * the backend's own loops, notably Conv2DBackpropInput (the input gradient of conv2d and the
 * forward of conv2dTranspose), stay single-threaded. Results are bit-identical to one thread.
 *
 * Call it once, before `tf.setBackend('wasm')`. It never throws: on any failure, or outside Node,
 * or when fewer than 2 threads would run, it leaves the stock `wasm` backend registered and
 * returns false.
 */
import type * as NodeFs from 'node:fs';
import type * as NodeModule from 'node:module';
import type * as NodeOs from 'node:os';
import type * as NodePath from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/** Threads the threaded build can run: it pre-spawns this many pthread workers. */
const MAX_THREADS = 8;
/** Priority the wasm package registers its backend with. */
const WASM_PRIORITY = 2;

const THREADED_JS = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
const THREADED_WORKER_JS = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';

/** The part of the Emscripten module (threaded build) this file touches. */
interface ThreadedModule {
  cwrap: (name: string, returnType: string | null, argTypes: string[]) => (...args: number[]) => unknown;
  PThread?: { terminateAllThreads?: () => void; runningWorkers?: { unref?: () => void }[] };
  tfjs?: Record<string, unknown>;
}

interface EmscriptenImports {
  env: Record<string, unknown>;
  [module: string]: Record<string, unknown>;
}

interface FactoryConfig {
  locateFile: (path: string, prefix: string) => string;
  mainScriptUrlOrBlob: string;
  instantiateWasm: (
    imports: EmscriptenImports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ) => object;
  print: (text: string) => void;
  printErr: (text: string) => void;
}

type ThreadedFactory = (config: FactoryConfig) => Promise<ThreadedModule>;

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

/** Node built-ins, loaded lazily so that browser bundles never see them. */
async function nodeModule<T>(specifier: string): Promise<T> {
  return (await import(/* @vite-ignore */ specifier)) as T;
}

/** Loads the threaded build with working Node workers and constructs a `BackendWasm` on it. */
async function createThreadedBackend(threads: number): Promise<{ backend: BackendWasm; module: ThreadedModule }> {
  const { createRequire } = await nodeModule<typeof NodeModule>('node:module');
  const fs = await nodeModule<typeof NodeFs>('node:fs');
  const os = await nodeModule<typeof NodeOs>('node:os');
  const path = await nodeModule<typeof NodePath>('node:path');

  const require = createRequire(import.meta.url);
  const glueJs = require.resolve(THREADED_JS);
  const factory = require(glueJs) as ThreadedFactory;
  const { wasmWorkerContents } = require(THREADED_WORKER_JS) as { wasmWorkerContents: string };
  const wasmFile = path.join(path.dirname(glueJs), 'tfjs-backend-wasm-threaded-simd.wasm');
  const wasmBytes = await fs.promises.readFile(wasmFile);

  // The worker script: tfjs escapes its newlines the same way before turning it into a Blob.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganforge-tfjs-wasm-'));
  const workerFile = path.join(dir, 'tfjs-backend-wasm-threaded-simd.worker.cjs');
  fs.writeFileSync(workerFile, wasmWorkerContents.replace(/\n/g, '\\n'));

  let module: ThreadedModule;
  try {
    module = await factory({
      locateFile: (file, prefix) => {
        if (file.endsWith('.worker.js')) return workerFile;
        if (file.endsWith('.wasm')) return wasmFile;
        return prefix + file;
      },
      mainScriptUrlOrBlob: glueJs,
      instantiateWasm: (imports, receive) => {
        // num_cores = emscripten_num_logical_cores() / 2 caps the pool; report 2 * threads.
        const env = { ...imports.env, emscripten_num_logical_cores: () => 2 * threads };
        WebAssembly.instantiate(wasmBytes, { ...imports, env }).then(
          ({ instance, module: compiled }) => receive(instance, compiled),
          () => undefined, // the factory's promise never settles; the caller's timeout handles it
        );
        return {};
      },
      print: () => undefined,
      printErr: () => undefined,
    });
  } finally {
    // The factory resolves once all its pre-spawned workers have loaded the script; XNNPACK uses at
    // most MAX_THREADS - 1 of them, so no worker is ever spawned from the file again.
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // The same bridge tfjs-backend-wasm's init() adds.
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  setThreadsCount(threads);
  const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
  return { backend, module };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

let threadedModule: ThreadedModule | undefined;

/**
 * Lets Node exit while the thread pool's workers idle: Emscripten keeps a running pthread's worker
 * referenced, so without this a script that used threaded wasm never ends. Call after the backend
 * has started (its pool exists from then on).
 */
export function releaseWasmThreadWorkers(): void {
  for (const worker of threadedModule?.PThread?.runningWorkers ?? []) worker.unref?.();
}

/**
 * Makes the `wasm` backend compute with `threads` threads (see the module comment). Call before
 * `tf.setBackend('wasm')`; afterwards `getThreadsCount()` from `@tensorflow/tfjs-backend-wasm`
 * reports the count in use. Returns whether threading is active; never throws.
 */
export async function enableWasmThreads(threads: number): Promise<boolean> {
  const count = Math.min(Math.floor(threads), MAX_THREADS);
  if (!isNode || !(count >= 2) || typeof SharedArrayBuffer === 'undefined') return false;
  let created: { backend: BackendWasm; module: ThreadedModule } | undefined;
  try {
    created = await withTimeout(createThreadedBackend(count), 30_000);
    const active = getThreadsCount();
    if (active < 2) throw new Error(`threaded wasm started ${active} thread(s)`);
    const backend = created.backend;
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', () => backend, WASM_PRIORITY);
    threadedModule = created.module;
    return true;
  } catch {
    try {
      created?.backend.dispose();
      created?.module.PThread?.terminateAllThreads?.();
    } catch {
      // best effort: workers are unref'd and do not keep the process alive
    }
    setThreadsCount(-1);
    return false;
  }
}
