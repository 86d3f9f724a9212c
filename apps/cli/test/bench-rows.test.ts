// Bench rows: the line a skipped row quotes from its crashed child process, and the reference ratio.
import { describe, expect, it } from 'vitest';
import { addReference, failureReason, type BenchRow } from '../src/commands/bench.js';

describe('bench failureReason', () => {
  it('quotes the error, not the Node version banner a crash ends with', () => {
    const crash = ['/path/to/tfjs-backend-wasm-threaded-simd.js:9', 'function GROWABLE_HEAP_I8(){...}', '', 'RuntimeError: table index is out of bounds', '    at wasm://wasm/001a96ee:wasm-function[333]:0x388dd', '', 'Node.js v20.20.2'].join('\n');
    expect(failureReason(crash, 1)).toBe('RuntimeError: table index is out of bounds');
    expect(failureReason("Traceback (most recent call last):\nModuleNotFoundError: No module named 'torch'\n", 1)).toBe("ModuleNotFoundError: No module named 'torch'");
    expect(failureReason('ganforge: the webgpu backend did not start\n', 1)).toBe('ganforge: the webgpu backend did not start');
  });

  it('falls back to the last line, then the exit code, and clips long lines', () => {
    expect(failureReason('first\nsecond\n', 3)).toBe('second');
    expect(failureReason('', 3)).toBe('exit code 3');
    expect(failureReason('x'.repeat(400), 1)).toHaveLength(300);
  });
});

describe('bench addReference', () => {
  it('takes the ratio from the step times, not the scripts\' images/s rounded to 0.01', () => {
    const row: BenchRow = { id: 'cyclegan-128', backend: 'wasm', batch: 1, steps: 2, step_ms_median: 34953.7, images_per_s: 0.02861, peak_tensor_bytes: 1, peak_rss_bytes: 1, threads: 1 };
    addReference(row, { batch: 1, step_ms_median: 7118.2 }); // the script printed images_per_s 0.14
    expect(row.ratio).toBe(0.204); // 0.03 / 0.14 would say 0.214
    expect(row.reference_images_per_s).toBe(0.1405);
    expect(row.reference_step_ms_median).toBe(7118.2);
    const big: BenchRow = { ...row, id: 'dcgan-mnist32', batch: 64, step_ms_median: 694 };
    addReference(big, { batch: 64, step_ms_median: 181.8 });
    expect(big.ratio).toBe(0.262);
  });
});
