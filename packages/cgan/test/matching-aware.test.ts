import * as tf from '@tensorflow/tfjs';
import { useWasmBackend } from '@ganforge/family-testing';
import { describe, expect, it } from 'vitest';
import { otherClasses } from '../src/index.js';

describe('otherClasses (the wrong labels of the matching-aware D)', () => {
  useWasmBackend();

  it('never gives the label itself, and reaches each of the K - 1 others as u sweeps [0, 1)', async () => {
    const numClasses = 4;
    const u = [0, 0.2, 0.34, 0.5, 0.67, 0.99];
    const before = tf.memory().numTensors;
    for (let label = 0; label < numClasses; label++) {
      const labels = tf.fill([u.length], label, 'int32') as tf.Tensor1D;
      const uniform = tf.tensor1d(u);
      const others = otherClasses(labels, uniform, numClasses);
      expect(others.dtype).toBe('int32'); // class indices, as tf.oneHot wants
      const values = Array.from(await others.data());
      expect(values).not.toContain(label);
      // u in [0, 1/3) -> label + 1, [1/3, 2/3) -> label + 2, [2/3, 1) -> label + 3, mod 4.
      expect(values).toEqual([1, 1, 2, 2, 3, 3].map((k) => (label + k) % numClasses));
      tf.dispose([labels, uniform, others]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
