/**
 * Core's webgpu kernels, registered when the webgpu backend starts (initBackend), as core does for
 * wasm (../wasm-kernels.ts). GANFORGE_WEBGPU_KERNELS=0 leaves tfjs' own kernels and the tensor-op
 * optimizer updates in place, so one GPU session can measure both set-ups.
 *
 * - Adam and the EMA run fused, in place (fused-adam.ts, fused-ema.ts; called from train/).
 * - Kernels in `overrides` replace tfjs' webgpu kernels of the same name; tfjs' own are kept
 *   and put back when the kernels are switched off.
 */
import { getGradient, getKernel, registerGradient, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs';
import { conv2DBackpropFilter } from './conv2d-backprop-filter.js';
import { leakyReluGradGradient, leakyReluGradient, leakyReluGradKernel } from './leaky-relu-grad.js';
import { installFusedBatchNorm } from './normalization-layers.js';
import { normalizeGradGradient, normalizeGradient, normalizeGradKernel, normalizeKernel } from './normalization.js';
import { kernelsWantedByEnvironment, setKernelsFlag, webgpuKernelsOn } from './state.js';

/** Core's replacements for tfjs' webgpu kernels, each in its own module and tested against cpu. */
const overrides: KernelConfig[] = [
  // A tiled split-K matrix product instead of one thread per weight looping over every position.
  { kernelName: 'Conv2DBackpropFilter', backendName: 'webgpu', kernelFunc: conv2DBackpropFilter },
  // Batch and instance norm, forward and backward, in three dispatches each (BatchNormalization
  // and InstanceNorm call them while the kernels are on; normalization-layers.ts).
  { kernelName: 'GanforgeNormalize', backendName: 'webgpu', kernelFunc: normalizeKernel },
  { kernelName: 'GanforgeNormalizeGrad', backendName: 'webgpu', kernelFunc: normalizeGradKernel },
  // LeakyReLU's gradient in one dispatch instead of three (its gradient config picks it on webgpu).
  { kernelName: 'GanforgeLeakyReluGrad', backendName: 'webgpu', kernelFunc: leakyReluGradKernel },
];
/**
 * tfjs kernels named in GANFORGE_WEBGPU_KERNELS_SKIP (comma-separated, e.g. Conv2DBackpropFilter)
 * that core leaves to tfjs, to measure one replacement at a time. Core's own kernels (Ganforge*),
 * which the layers and gradients above call, cannot be skipped alone.
 */
function skipped(): Set<string> {
  const value = typeof process !== 'undefined' ? process.env?.GANFORGE_WEBGPU_KERNELS_SKIP : undefined;
  return new Set((value ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '' && !name.startsWith('Ganforge')));
}

/** tfjs' own kernels that `overrides` replaced, to put back. */
const replaced = new Map<string, KernelConfig | undefined>();

/** Switches core's webgpu kernels and fused updates on or off (idempotent). */
export function setWebGPUTrainingKernels(on: boolean): void {
  if (on === webgpuKernelsOn()) return;
  for (const config of overrides) {
    if (skipped().has(config.kernelName)) continue;
    if (on) {
      replaced.set(config.kernelName, getKernel(config.kernelName, 'webgpu'));
      if (replaced.get(config.kernelName)) unregisterKernel(config.kernelName, 'webgpu');
      registerKernel(config);
    } else {
      unregisterKernel(config.kernelName, 'webgpu');
      const original = replaced.get(config.kernelName);
      if (original) registerKernel(original);
    }
  }
  setKernelsFlag(on);
}

let registered = false;

/**
 * Registers core's webgpu kernels unless GANFORGE_WEBGPU_KERNELS=0. Call after
 * @tensorflow/tfjs-backend-webgpu is imported and before the backend starts (initBackend does).
 */
export function registerWebGPUTrainingKernels(): void {
  if (registered) return;
  registered = true;
  registerGradient(normalizeGradient);
  registerGradient(normalizeGradGradient);
  registerGradient(leakyReluGradGradient);
  const leakyRelu = getGradient('LeakyRelu');
  if (leakyRelu) registerGradient(leakyReluGradient(leakyRelu));
  installFusedBatchNorm();
  if (kernelsWantedByEnvironment()) setWebGPUTrainingKernels(true);
}
