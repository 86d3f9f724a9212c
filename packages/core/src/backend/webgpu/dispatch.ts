/**
 * Recording core's own compute shaders into tfjs' webgpu backend.
 *
 * tfjs' program model binds one output (read_write) and read-only inputs. A fused update writes
 * several tensors in place (Adam: the weight and both moments) and a fused backward pass returns
 * several gradients, so core records its shaders itself, into the backend's own command encoder
 * and compute pass, in the order tfjs records its kernels: the backend batches and submits them
 * as it does its own (WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE dispatches a submit), keeps every bound
 * tensor alive until the submit (commandQueueOwnedIds), and times them under tf.profile with the
 * same timestamp queries. A dispatch in a compute pass sees every earlier dispatch's writes.
 */
import { env, type DataId, type TensorInfo } from '@tensorflow/tfjs';
import type { GpuBuffer, GpuDevice, WebGpuBackendLike } from './gpu-types.js';

/** One storage binding: a tensor, and whether the shader writes it. */
export interface Binding {
  tensor: TensorInfo;
  write?: boolean;
}

/** A compute shader and how to run it once. */
export interface ShaderCall {
  /** Name shown by tf.profile and in WebGPU errors; also the pipeline cache key with `variant`. */
  name: string;
  /** Distinguishes shaders of one name (e.g. a workgroup size); part of the cache key. */
  variant?: string;
  /** WGSL: storage bindings 0..n-1 in `bindings` order, then `uniforms` at binding n (if any), entry point `main`. */
  code: () => string;
  bindings: Binding[];
  /** The uniform block's bytes (a std140-like struct the shader declares). */
  uniforms?: ArrayBuffer;
  /** Workgroups in x, y, z. */
  workgroups: [number, number, number];
}

const pipelines = new WeakMap<GpuDevice, Map<string, ReturnType<GpuDevice['createComputePipeline']>>>();

function pipelineFor(device: GpuDevice, call: ShaderCall): ReturnType<GpuDevice['createComputePipeline']> {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  const key = `${call.name}:${call.variant ?? ''}`;
  let pipeline = cache.get(key);
  if (!pipeline) {
    const module = device.createShaderModule({ code: call.code(), label: `ganforge ${call.name}` });
    pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: `ganforge ${call.name}` });
    cache.set(key, pipeline);
  }
  return pipeline;
}

/** GPUBufferUsage as Dawn or the browser defines it on globalThis. */
const bufferUsage = (): { UNIFORM: number; COPY_DST: number } => (globalThis as unknown as { GPUBufferUsage: { UNIFORM: number; COPY_DST: number } }).GPUBufferUsage;

/** The GPU buffer of a tensor, uploaded first if its values are still on the CPU. */
export function gpuBuffer(backend: WebGpuBackendLike, dataId: DataId): GpuBuffer {
  backend.uploadToGPU(dataId);
  const resource = backend.tensorMap.get(dataId).resource;
  if (resource === null) throw new Error('ganforge webgpu kernel: a tensor has no GPU buffer');
  return resource;
}

/** Records one dispatch of `call` into the backend's current compute pass. */
export function dispatchShader(backend: WebGpuBackendLike, call: ShaderCall): void {
  const { device } = backend;
  const pipeline = pipelineFor(device, call);
  const entries = call.bindings.map((b, binding) => ({ binding, resource: { buffer: gpuBuffer(backend, b.tensor.dataId) } }));
  if (call.uniforms) {
    const usage = bufferUsage();
    const size = call.uniforms.byteLength;
    const uniformBuffer = backend.bufferManager.acquireBuffer(size, usage.COPY_DST | usage.UNIFORM);
    backend.queue.writeBuffer(uniformBuffer, 0, call.uniforms, 0, size);
    backend.uniformPendingDisposal.push(uniformBuffer);
    entries.push({ binding: call.bindings.length, resource: { buffer: uniformBuffer } });
  }
  for (const b of call.bindings) {
    backend.commandQueueOwnedIds.add(b.tensor.dataId);
    // A value cached on the CPU by an earlier read is stale once the shader writes the buffer.
    if (b.write) backend.tensorMap.get(b.tensor.dataId).values = null;
  }
  const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  const timed = backend.activeTimers != null;
  backend.ensureCommandEncoderReady();
  if (timed && backend.supportTimestampQuery) {
    // As tfjs times its own programs under tf.profile: one pass per dispatch with timestamps.
    backend.endComputePassEncoder();
    backend.querySet ??= device.createQuerySet({ type: 'timestamp', count: backend.querySetCount });
    backend.computePassEncoder = backend.commandEncoder!.beginComputePass({
      timestampWrites: { querySet: backend.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
    });
  } else if (!backend.computePassEncoder) {
    backend.computePassEncoder = backend.commandEncoder!.beginComputePass({});
  }
  const pass = backend.computePassEncoder!;
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(...call.workgroups);
  backend.dispatchCountInPass++;
  if (timed) {
    backend.endComputePassEncoder();
    backend.activeTimers!.push({ name: `ganforge ${call.name}`, query: backend.getQueryTime() });
  } else if (Number(env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE')) <= backend.dispatchCountInPass) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
}

/** Workgroups for `count` invocations at `size` a workgroup, folded into y when x would pass the device's limit. */
export function flatWorkgroups(backend: WebGpuBackendLike, count: number, size: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(count / size));
  const limit = backend.device.limits.maxComputeWorkgroupsPerDimension;
  if (groups <= limit) return [groups, 1, 1];
  const x = Math.ceil(Math.sqrt(groups));
  return [x, Math.ceil(groups / x), 1];
}

/** WGSL for the flat index of an invocation in a flatWorkgroups dispatch of `size`-wide workgroups. */
export const flatIndex = (size: number): string => `(gid.y * nwg.x * ${size}u + gid.x)`;

/** A new float32 tensor of `shape` on the backend (its buffer is allocated when first bound). */
export function newTensor(backend: WebGpuBackendLike, shape: number[]): TensorInfo {
  return backend.makeTensorInfo(shape, 'float32');
}

/** Packs uniform fields: each number is a 4-byte f32 (`f`), i32 (`i`) or u32 (`u`), in order; the block is padded to 16 bytes. */
export function packUniforms(fields: [kind: 'f' | 'i' | 'u', value: number][]): ArrayBuffer {
  const bytes = new ArrayBuffer(Math.max(16, Math.ceil((fields.length * 4) / 16) * 16));
  const view = new DataView(bytes);
  fields.forEach(([kind, value], i) => {
    if (kind === 'f') view.setFloat32(i * 4, value, true);
    else if (kind === 'i') view.setInt32(i * 4, value, true);
    else view.setUint32(i * 4, value, true);
  });
  return bytes;
}
