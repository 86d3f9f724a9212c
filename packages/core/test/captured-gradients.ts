// Optimizer stand-ins for step tests: they keep copies of the gradients a step hands them instead
// of applying them, so a test can compare the gradients of two configurations of one step.
import * as tf from '@tensorflow/tfjs';
import type { Adam } from '../src/optim/adam.js';

/** An "optimizer" whose apply keeps a copy of each gradient in `into`, by variable name. */
export const capturingOptimizer = (into: Record<string, tf.Tensor>) =>
  ({ apply: (g: Record<string, tf.Tensor>) => Object.entries(g).forEach(([name, t]) => (into[name] = tf.keep(tf.clone(t)))) }) as unknown as Adam;

/** The kept gradients' values, by variable name; disposes the copies. */
export async function readCaptured(kept: Record<string, tf.Tensor>): Promise<Record<string, Float32Array>> {
  const arrays: Record<string, Float32Array> = {};
  for (const [name, t] of Object.entries(kept)) arrays[name] = (await t.data()) as Float32Array;
  tf.dispose(Object.values(kept));
  return arrays;
}
