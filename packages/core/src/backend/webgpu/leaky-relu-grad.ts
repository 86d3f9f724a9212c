/**
 * LeakyReLU's gradient in one dispatch on webgpu: dx = x > 0 ? dy : α·dy. tfjs builds it from
 * three kernels (Greater, Multiply, Select), and every discriminator layer of a DCGAN takes it
 * three times a step. The gradient config below wraps tfjs' own: on any other backend, or with
 * core's kernels off, tfjs' code runs unchanged. Its own gradient (second order: R1, gradient
 * penalties) is exact: the same kernel applied to the incoming gradient for dy, zero for x.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { dispatchShader, flatIndex, flatWorkgroups, newTensor, packUniforms } from './dispatch.js';
import type { WebGpuBackendLike } from './gpu-types.js';
import { activeWebGpuBackend } from './state.js';

const shader = (): string => `
@group(0) @binding(0) var<storage, read_write> dx : array<f32>;
@group(0) @binding(1) var<storage, read> dy : array<f32>;
@group(0) @binding(2) var<storage, read> x : array<f32>;
struct Scalars { alpha : f32, size : u32 };
@group(0) @binding(3) var<uniform> s : Scalars;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let i = ${flatIndex(256)};
  if (i >= s.size) { return; }
  let g = dy[i];
  dx[i] = select(g * s.alpha, g, x[i] > 0.0);
}`;

/** GanforgeLeakyReluGrad: inputs dy, x (same shape); attr alpha; output dx. */
export const leakyReluGradKernel: KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as WebGpuBackendLike;
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const size = x.shape.reduce((a, b) => a * b, 1);
  const dx = newTensor(backend, [...x.shape]);
  dispatchShader(backend, {
    name: 'LeakyReluGrad',
    code: shader,
    bindings: [{ tensor: dx, write: true }, { tensor: dy }, { tensor: x }],
    uniforms: packUniforms([['f', (attrs as { alpha: number }).alpha], ['u', size]]),
    workgroups: flatWorkgroups(backend, size, 256),
  });
  return dx;
};

/** Second order: dy ↦ the same kernel on the incoming gradient; x ↦ 0. */
export const leakyReluGradGradient: tf.GradConfig = {
  kernelName: 'GanforgeLeakyReluGrad',
  inputsToSave: ['x'],
  gradFunc: (ddx, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    return {
      dy: () => tf.engine().runKernel('GanforgeLeakyReluGrad', { dy: ddx as tf.Tensor, x }, attrs) as tf.Tensor,
      x: () => tf.zerosLike(x),
    };
  },
};

/** LeakyRelu's gradient: the fused kernel on webgpu with core's kernels on, else tfjs' own (`original`). */
export function leakyReluGradient(original: tf.GradConfig): tf.GradConfig {
  return {
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const same = !Array.isArray(dy) && tf.util.arraysEqual(dy.shape, x.shape) && x.dtype === 'float32';
      if (!activeWebGpuBackend() || !same) return original.gradFunc(dy, saved, attrs);
      return { x: () => tf.engine().runKernel('GanforgeLeakyReluGrad', { dy: dy as tf.Tensor, x }, attrs) as tf.Tensor };
    },
  };
}
