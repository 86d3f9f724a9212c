/** What a checkpoint records beside its networks and optimizer state (checkpoint.json). */
import type { AdaState } from '../augment/ada-controller.js';
import type { BackendReport } from '../backend/init.js';

/** Version of the checkpoint layout; readers refuse newer ones. */
export const checkpointFormat = 1;

export interface CheckpointMeta {
  format: number;
  architecture: string;
  /** Version of the architecture package that wrote it. */
  packageVersion: string;
  /** The full, fitted config. */
  config: Record<string, unknown>;
  /** Training iterations completed. */
  step: number;
  /** Run seed: with `step` and `batchesDrawn` it fixes all later randomness. */
  seed: number;
  /** Real batches read so far (the data loader's position). */
  batchesDrawn: number;
  /** Backend that wrote it. */
  backend: BackendReport;
  /** ISO time it was written. */
  time: string;
  /** Where the data came from and its shape. */
  data: {
    source: string;
    count: number;
    height: number;
    width: number;
    channels: 1 | 3;
    classNames: string[];
    /** Translation families: images in the source set, and whether they pair with the targets. */
    sourceCount?: number;
    paired?: boolean;
    /** `--limit`: the run trains on this seeded subset of the source (see data/subset.ts). */
    subset?: { count: number; seed: number };
  };
  /** Network folders under networks/. */
  networks: string[];
  /** The `--preset` the run started from, when it had one (checkpoints before this field have none). */
  preset?: string;
  /** Updates each optimizer has applied. */
  optimizerSteps: Record<string, number>;
  /** ADA runs: the p controller's state after `step` steps. */
  ada?: AdaState;
}
