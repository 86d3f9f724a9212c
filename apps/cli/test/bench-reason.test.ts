// The line a skipped bench row quotes from its crashed child process.
import { describe, expect, it } from 'vitest';
import { failureReason } from '../src/commands/bench.js';

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
