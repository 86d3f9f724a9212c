// Shared vitest config: tests read workspace packages from src/ (the @ganforge/source export
// condition), run in forked processes (the wasm backend is per process) and one file at a time,
// since this machine has two cores and every test file trains small networks. Timeouts are generous:
// a loaded machine slows a 20 s training test several times, and speed is measured in benchmarks.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ganforge/source'] },
  ssr: { resolve: { conditions: ['@ganforge/source'] } },
  test: {
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    include: ['test/**/*.test.ts'],
  },
});
