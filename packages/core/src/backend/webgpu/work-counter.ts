/**
 * Counts the work tfjs' webgpu backend really sends to the GPU: compute dispatches
 * (GPUComputePassEncoder.dispatchWorkgroups, core's kernels and tfjs' alike) and queue submits, on
 * the device the backend uses. tfjs' kernel calls are not dispatches: Identity and Reshape share
 * buffers (none), tiny CPU-resident tensors run on the CPU (none), a convolution may run two.
 */
import * as tf from '@tensorflow/tfjs';
import type { GpuCommandEncoder, GpuComputePass, GpuDevice } from './gpu-types.js';

/** Running totals since the counter was installed on this device. */
export interface GpuWorkCount {
  dispatches: number;
  submits: number;
}

const counters = new WeakMap<GpuDevice, GpuWorkCount>();

function wrapPass(pass: GpuComputePass, count: GpuWorkCount): GpuComputePass {
  const dispatch = pass.dispatchWorkgroups.bind(pass);
  pass.dispatchWorkgroups = (x, y, z) => {
    count.dispatches++;
    dispatch(x, y, z);
  };
  return pass;
}

function wrapEncoder(encoder: GpuCommandEncoder, count: GpuWorkCount): GpuCommandEncoder {
  const begin = encoder.beginComputePass.bind(encoder);
  encoder.beginComputePass = (descriptor) => wrapPass(begin(descriptor), count);
  return encoder;
}

/**
 * The live dispatch and submit counts of the active webgpu backend's device (installed on first
 * call); undefined on any other backend. Read it before and after a step and subtract.
 */
export function gpuWorkCounter(): GpuWorkCount | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  const backend = tf.backend() as unknown as { device: GpuDevice; commandEncoder: GpuCommandEncoder | null; computePassEncoder: GpuComputePass | null };
  const device = backend.device;
  let count = counters.get(device);
  if (count) return count;
  const counted: GpuWorkCount = { dispatches: 0, submits: 0 };
  count = counted;
  const createEncoder = device.createCommandEncoder.bind(device);
  device.createCommandEncoder = () => wrapEncoder(createEncoder(), counted);
  const queue = device.queue;
  const submit = queue.submit.bind(queue);
  queue.submit = (buffers) => {
    counted.submits++;
    submit(buffers);
  };
  // The encoder and pass being recorded now were made before the wrap.
  if (backend.commandEncoder) wrapEncoder(backend.commandEncoder, counted);
  if (backend.computePassEncoder) wrapPass(backend.computePassEncoder, counted);
  counters.set(device, counted);
  return counted;
}
