// @ganforge/core/node: the Node parts: training runs in a folder, checkpoints, model files, classifier weights, data loaders.
export {
  CheckpointError,
  checkpointDir,
  loadCheckpointNetworks,
  loadOptimizerState,
  readCheckpoint,
  writeCheckpoint,
} from './checkpoint.js';
export { readCodeFiles } from './code-files.js';
export { loadModel, loadTensors, saveModel, saveTensors } from './model-io.js';
export { resumePoint, trainRun, type TrainRunOptions } from './train-run.js';
export { classifierDatasets, loadClassifier, loadClassifierFrom } from './classifier-weights.js';
export {
  EXTENSIONS,
  findImages,
  loadImageFolder,
  type ImageFolderOptions,
  builtinDatasets,
  loadBuiltinDataset,
  type BuiltinDatasetName,
  type BuiltinDatasetOptions,
  builtinFolder,
  builtinFolderDatasets,
  type BuiltinFolderDatasetName,
  loadPairedFolder,
  translationDirections,
  type PairedData,
  type PairedFolderOptions,
  type TranslationDirection,
  loadUnpairedFolders,
  type UnpairedData,
  type UnpairedFolderOptions,
} from '../data/node/index.js';
