// @ganforge/core/node: training runs, checkpoints, model files and data loading from the file system.
export * from './data.js';
export * from './model-io.js';
export * from './checkpoint.js';
export * from './train-run.js';
export type { TrainRunLogger, TrainRunStart, TrainRunStepExtras } from './run-logger.js';
export * from './classifier.js';
