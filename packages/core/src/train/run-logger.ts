/**
 * What a training run reports as it goes, for loggers beside metrics.jsonl (a TensorBoard writer,
 * say): the run's description once, every step's numbers, every sample grid. The loop calls each
 * logger in order and awaits it; `close` runs at the end, also when the run fails.
 */
import type { StepMetrics } from '../family/architecture.js';
import type { PixelImage } from '../image/image.js';

/** What a logger learns when the run starts (or resumes). */
export interface TrainRunStart {
  architecture: string;
  /** The full, fitted config. */
  config: Record<string, unknown>;
  /** Step the run starts from: 0, or the checkpoint's when resuming. */
  step: number;
  /** True when the run continues a checkpoint. */
  resumed: boolean;
  /** Preset and data source, as the checkpoint records them. */
  preset?: string;
  dataSource: string;
  seed: number;
  /** The backend that runs, e.g. `wasm`. */
  backend: string;
}

/** Extra numbers of a step beside the family's metrics. */
export interface TrainRunStepExtras {
  /** `evaluate`'s metrics when the step ran an evaluation. */
  evaluation?: Record<string, number | string>;
  /** The optimizers' learning rates at this step. */
  learningRates: { generator: number; discriminator: number };
}

/** A sink of a run's progress; every method is optional. */
export interface TrainRunLogger {
  start?(info: TrainRunStart): Promise<void> | void;
  /** After step `step` (counted from 1) with the family's metrics (dLoss, gLoss, dAccReal, ...). */
  step?(step: number, metrics: StepMetrics, extras: TrainRunStepExtras): Promise<void> | void;
  /** Each sample grid the run writes (samples/step-NNNNNN.png). */
  samples?(step: number, grid: PixelImage): Promise<void> | void;
  /** Flushes and closes; called once at the end. */
  close?(): Promise<void> | void;
}
