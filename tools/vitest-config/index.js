// Shared vitest config: tests read workspace packages from src/ (the @ganforge/source export
// condition), run in a forked process (the wasm backend is per process) one file at a time, since
// this machine has two cores and every test file trains small networks. The files of a package
// share that process (isolate: false): tfjs, the wasm module and SwiftShader's compiled pipelines
// load once, not once a file (core's tests: 154 s -> 55 s under `pnpm test`, 2026-12-05), so a test
// must not rely on a fresh process: it sets up the backend and globals it needs, and restores them.
// Timeouts are generous: a loaded machine slows a 20 s training test several times, and speed is
// measured in benchmarks.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ganforge/source'] },
  ssr: { resolve: { conditions: ['@ganforge/source'] } },
  test: {
    pool: 'forks',
    isolate: false,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    include: ['test/**/*.test.ts'],
  },
});
