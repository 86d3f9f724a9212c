/**
 * Adam's update (PyTorch's rule, as core's Adam writes it with tensor ops) in one dispatch per
 * parameter tensor, writing the weight and both moments in place:
 *
 *   m ← β1·m + (1-β1)·g;  v ← β2·v + (1-β2)·g²
 *   θ ← θ - (m / (√v / √(1-β2^t) + ε)) · lr/(1-β1^t)
 *
 * The same float32 operations in the same order as the tensor-op version (which stays the path on
 * every other backend): tfjs' webgpu kernels and this shader differ only in how the GPU rounds
 * division and square root (WGSL allows 2.5 ULP), within 1e-6 relative (test/webgpu-fused-adam).
 * The tensor-op version costs nine dispatches and six temporary buffers per tensor.
 */
import type * as tf from '@tensorflow/tfjs';
import { dispatchShader, flatIndex, flatWorkgroups, packUniforms } from './dispatch.js';
import { ownBuffer } from './own-buffer.js';
import { activeWebGpuBackend } from './state.js';

/** The step's scalars, as core's Adam computes them. */
export interface AdamScalars {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** lr / (1 - β1^t). */
  stepSize: number;
  /** √(1 - β2^t). */
  secondCorrection: number;
}

const workgroup = 256;

const adamShader = (): string => `
@group(0) @binding(0) var<storage, read_write> w : array<f32>;
@group(0) @binding(1) var<storage, read_write> m : array<f32>;
@group(0) @binding(2) var<storage, read_write> v : array<f32>;
@group(0) @binding(3) var<storage, read> g : array<f32>;
struct Scalars { beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32,
                 secondCorrection : f32, epsilon : f32, stepSize : f32, size : u32 };
@group(0) @binding(4) var<uniform> s : Scalars;
@compute @workgroup_size(${workgroup})
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let i = ${flatIndex(workgroup)};
  if (i >= s.size) { return; }
  let gi = g[i];
  let mi = m[i] * s.beta1 + gi * s.oneMinusBeta1;
  let vi = v[i] * s.beta2 + (gi * gi) * s.oneMinusBeta2;
  m[i] = mi;
  v[i] = vi;
  let denominator = sqrt(vi) / s.secondCorrection + s.epsilon;
  w[i] = w[i] - (mi / denominator) * s.stepSize;
}`;

/**
 * One Adam step on webgpu with core's kernels on: each variable with a gradient in `grads` (keyed
 * by variable name) and its moments `m[i]`, `v[i]` updated in place. Returns false (and does
 * nothing) on any other backend, where the caller runs its tensor-op version.
 */
export function fusedAdamStep(
  variables: readonly tf.Variable[],
  m: readonly tf.Variable[],
  v: readonly tf.Variable[],
  grads: tf.NamedTensorMap,
  scalars: AdamScalars,
): boolean {
  const backend = activeWebGpuBackend();
  if (!backend || variables.some((w) => w.dtype !== 'float32')) return false;
  const { beta1, beta2, epsilon, stepSize, secondCorrection } = scalars;
  variables.forEach((w, i) => {
    const g = grads[w.name];
    if (g === undefined) return;
    const uniforms = packUniforms([
      ['f', beta1], ['f', 1 - beta1], ['f', beta2], ['f', 1 - beta2],
      ['f', secondCorrection], ['f', epsilon], ['f', stepSize], ['u', w.size],
    ]);
    dispatchShader(backend, {
      name: 'FusedAdam',
      code: adamShader,
      bindings: [
        { tensor: ownBuffer(backend, w), write: true },
        { tensor: ownBuffer(backend, m[i]!), write: true },
        { tensor: ownBuffer(backend, v[i]!), write: true },
        { tensor: g },
      ],
      uniforms,
      workgroups: flatWorkgroups(backend, w.size, workgroup),
    });
  });
  return true;
}
