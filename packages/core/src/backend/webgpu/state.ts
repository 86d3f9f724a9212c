/**
 * Whether core's own webgpu kernels are on. initBackend turns them on when the webgpu backend
 * starts, unless GANFORGE_WEBGPU_KERNELS=0 (so one GPU session can measure tfjs' kernels and core's
 * side by side); setWebGPUTrainingKernels switches them in a running process.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGpuBackendLike } from './gpu-types.js';

let enabled = false;

/** Records whether core's webgpu kernels are registered (register.ts calls this). */
export function setKernelsFlag(on: boolean): void {
  enabled = on;
}

/** True when core's webgpu kernels are on (registered and not switched off). */
export function webgpuKernelsOn(): boolean {
  return enabled;
}

/** The active webgpu backend when core's kernels are on and webgpu is active; else undefined. */
export function activeWebGpuBackend(): WebGpuBackendLike | undefined {
  if (!enabled || tf.getBackend() !== 'webgpu') return undefined;
  return tf.backend() as unknown as WebGpuBackendLike;
}

/** GANFORGE_WEBGPU_KERNELS from the environment: false only for `0`, `false` or `off`. */
export function kernelsWantedByEnvironment(): boolean {
  const value = typeof process !== 'undefined' ? process.env?.GANFORGE_WEBGPU_KERNELS : undefined;
  return value === undefined || !/^(0|false|off)$/i.test(value.trim());
}
