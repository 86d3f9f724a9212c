/**
 * The few WebGPU and tfjs-backend-webgpu shapes core's webgpu code touches, written out so that
 * core compiles (and its declarations read) without `@webgpu/types` or the optional webgpu backend.
 */
import type { DataId, TensorInfo } from '@tensorflow/tfjs';

/** A GPU buffer (only what core reads of it). */
export interface GpuBuffer {
  readonly size: number;
  readonly usage: number;
}

/** A compute pass: the calls core records into. */
export interface GpuComputePass {
  setPipeline(pipeline: unknown): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}

/** A command encoder. */
export interface GpuCommandEncoder {
  beginComputePass(descriptor?: object): GpuComputePass;
  copyBufferToBuffer(source: GpuBuffer, sourceOffset: number, destination: GpuBuffer, destinationOffset: number, size: number): void;
  finish(): unknown;
}

/** A queue. */
export interface GpuQueue {
  submit(buffers: unknown[]): void;
  writeBuffer(buffer: GpuBuffer, offset: number, data: ArrayBuffer, dataOffset?: number, size?: number): void;
}

/** A logical device. */
export interface GpuDevice {
  readonly queue: GpuQueue;
  readonly limits: { maxComputeWorkgroupsPerDimension: number; maxStorageBuffersPerShaderStage: number };
  createShaderModule(descriptor: { code: string; label?: string }): unknown;
  createComputePipeline(descriptor: { layout: 'auto'; compute: { module: unknown; entryPoint: string }; label?: string }): {
    getBindGroupLayout(index: number): unknown;
  };
  createBindGroup(descriptor: { layout: unknown; entries: { binding: number; resource: { buffer: GpuBuffer } }[] }): unknown;
  createCommandEncoder(): GpuCommandEncoder;
  createQuerySet(descriptor: { type: 'timestamp'; count: number }): unknown;
}

/** What an adapter says about itself (GPUAdapterInfo). */
export interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** Newer Dawn and browsers: true for a software (CPU) adapter. */
  isFallbackAdapter?: boolean;
}

/** A physical adapter. */
export interface GpuAdapter {
  readonly info?: GpuAdapterInfo;
  readonly isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<GpuAdapterInfo>;
}

/** navigator.gpu. */
export interface Gpu {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapter | null>;
}

/** The per-tensor record of tfjs' webgpu backend (backend_webgpu.ts, TensorData). */
export interface WebGpuTensorData {
  values: unknown;
  resource: GpuBuffer | null;
  refCount: number;
  dtype: string;
  shape: number[];
}

/** The parts of tfjs-backend-webgpu's WebGPUBackend that core's kernels use (tfjs 4.22). */
export interface WebGpuBackendLike {
  device: GpuDevice;
  queue: GpuQueue;
  commandEncoder: GpuCommandEncoder | null;
  computePassEncoder: GpuComputePass | null;
  dispatchCountInPass: number;
  commandQueueOwnedIds: WeakSet<DataId>;
  uniformPendingDisposal: GpuBuffer[];
  supportTimestampQuery: boolean;
  querySet: unknown;
  querySetCount: number;
  activeTimers: { name: string; query: Promise<number> }[] | null | undefined;
  tensorMap: { get(dataId: DataId): WebGpuTensorData; has(dataId: DataId): boolean };
  bufferManager: { acquireBuffer(size: number, usage: number): GpuBuffer };
  uploadToGPU(dataId: DataId): void;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  getQueryTime(): Promise<number>;
  makeTensorInfo(shape: number[], dtype: 'float32' | 'int32'): TensorInfo;
  refCount(dataId: DataId): number;
  incRef(dataId: DataId): void;
  disposeData(dataId: DataId, force?: boolean): boolean;
}
