import type { Architecture, BackendReport, TrainHyperparameters } from '@ganforge/core';
import type { TrainingData } from '@ganforge/core/data';

/** initBackend on webgpu-over-SwiftShader by name (Dawn pointed at SwiftShader); throws saying to install chromium when it is missing. */
export declare function startWebGPU(): Promise<BackendReport>;

/** Largest |webgpu - wasm| / max(|wasm|, 1) allowed over the continuous metrics of the first two seeded steps. */
export declare const lossTolerance: number;

/** Largest |webgpu - wasm| allowed between an inference hook's images in [-1, 1] from the same weights. */
export declare const imageTolerance: number;

/** Largest |a - b| allowed over the weights and optimizer moments of a run resumed on the other backend and the run trained straight. */
export declare const weightTolerance: number;

export interface WebGPUFamilyOptions<C extends TrainHyperparameters> {
  architecture: Architecture<C>;
  /** The tiny config every run starts from (keep it tiny: SwiftShader is ~100x slower than a GPU). */
  config: C;
  /** Fresh training data for each run. */
  data: () => TrainingData;
  /** Name recorded in the checkpoint. Default 'tiny data'. */
  dataSource?: string;
  /** Seed of every run. Default 11. */
  seed?: number;
  /** Also resume a wasm checkpoint on webgpu and a webgpu one on wasm (one family is enough). Default false. */
  crossBackendResume?: boolean;
  /**
   * GPU-scale presets (marked `gpu`) to train 2 steps of on webgpu, each with config overrides that
   * shrink widths, image size or batch while keeping the preset's structure.
   */
  gpuPresets?: Record<string, Partial<C>>;
}

/**
 * Registers, in the calling test file, the webgpu checks of a family on webgpu-over-SwiftShader
 * (wasm and webgpu started in beforeAll): 1 step then a resume to 2, bit-identical to 2 steps
 * straight, with the adapter in the checkpoint and no tensor left over; the first 2 steps' losses
 * within `lossTolerance` of wasm's; the family's inference hook (generate, translate, upscale or
 * sampleGrid) within `imageTolerance` of wasm's from the same weights, leaking nothing; and the
 * options' cross-backend resumes and GPU-scale presets.
 */
export declare function webgpuFamilyChecks<C extends TrainHyperparameters>(options: WebGPUFamilyOptions<C>): void;
