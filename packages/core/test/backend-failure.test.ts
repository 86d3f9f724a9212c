import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendError, explainBackendFailure, initBackend } from '../src/index.js';

describe('explainBackendFailure', () => {
  it('names the wasm heap limit and the way out for wasm memory failures, and passes other errors through', async () => {
    await initBackend({ backend: 'wasm' });
    for (const message of ['Aborted(). Build with -sASSERTIONS for more info.', 'table index is out of bounds', 'memory access out of bounds']) {
      const explained = explainBackendFailure(new WebAssembly.RuntimeError(message));
      expect(explained).toBeInstanceOf(BackendError);
      expect((explained as Error).message).toMatch(/wasm backend ran out of memory .*4 GiB.*Lower batchSize.*--backend webgpu/);
      expect((explained as Error).message).toContain(message.split('.')[0]);
    }
    const other = new Error('shapes do not match');
    expect(explainBackendFailure(other)).toBe(other);
    expect(explainBackendFailure('not an error')).toBe('not an error');
    await tf.setBackend('cpu');
    const cpuFailure = new Error('memory access out of bounds');
    expect(explainBackendFailure(cpuFailure)).toBe(cpuFailure);
    await tf.setBackend('wasm');
  });
});
