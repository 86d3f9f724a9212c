// @ganforge/core/train: the platform-neutral training loop, the D-then-G step, seeded step contexts, checkpoint metadata, benchmarks.
export {
  NonFiniteLossError,
  emaNetworkName,
  trainLoop,
  type ResumePoint,
  type RunStorage,
  type TrainLoopOptions,
  type TrainRunResult,
} from './loop.js';
export { adversarialStep, type AdversarialNetworks } from './adversarial-step.js';
export { seededContext } from './context.js';
export { checkpointFormat, type CheckpointMeta } from './checkpoint-meta.js';
export { benchmarkTraining, type BenchmarkResult } from './benchmark.js';
export type { TrainRunLogger, TrainRunStart, TrainRunStepExtras } from './run-logger.js';
