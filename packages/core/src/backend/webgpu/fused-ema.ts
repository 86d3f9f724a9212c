/**
 * The EMA of a network's weights (shadow ← decay·shadow + (1-decay)·weights) in one dispatch per
 * trainable tensor, written into the shadow's buffer in place, with the tensor-op version's
 * float32 operations in its order. Non-trainable weights are shared, not copied (no dispatch).
 */
import * as tf from '@tensorflow/tfjs';
import { dispatchShader, flatIndex, flatWorkgroups, packUniforms } from './dispatch.js';
import { ownBuffer } from './own-buffer.js';
import { activeWebGpuBackend } from './state.js';

const workgroup = 256;

const emaShader = (): string => `
@group(0) @binding(0) var<storage, read_write> shadow : array<f32>;
@group(0) @binding(1) var<storage, read> current : array<f32>;
struct Scalars { decay : f32, oneMinusDecay : f32, size : u32 };
@group(0) @binding(2) var<uniform> s : Scalars;
@compute @workgroup_size(${workgroup})
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let i = ${flatIndex(workgroup)};
  if (i >= s.size) { return; }
  shadow[i] = shadow[i] * s.decay + current[i] * s.oneMinusDecay;
}`;

/** A weight of a tfjs-layers model as the EMA sees it. */
interface LayerWeight {
  trainable: boolean;
  read(): tf.Tensor;
  write(value: tf.Tensor): void;
}

/**
 * One EMA update on webgpu with core's kernels on; returns false (doing nothing) elsewhere, where
 * the caller runs its tensor-op version.
 */
export function fusedEmaUpdate(shadow: readonly LayerWeight[], source: readonly LayerWeight[], decay: number): boolean {
  const backend = activeWebGpuBackend();
  if (!backend) return false;
  shadow.forEach((weight, i) => {
    const current = source[i]!;
    const value = current.read();
    if (!current.trainable || value.dtype !== 'float32') {
      tf.tidy(() => weight.write(value.clone()));
      return;
    }
    dispatchShader(backend, {
      name: 'FusedEMA',
      code: emaShader,
      bindings: [{ tensor: ownBuffer(backend, weight.read() as tf.Variable), write: true }, { tensor: value }],
      uniforms: packUniforms([['f', decay], ['f', 1 - decay], ['u', value.size]]),
      workgroups: flatWorkgroups(backend, value.size, workgroup),
    });
  });
  return true;
}
