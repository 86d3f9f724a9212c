// Node-only data sources (file system): image folders and the built-in datasets.
export { loadImageFolder, type ImageFolderOptions } from './image-folder.js';
export {
  builtinDatasets,
  loadBuiltinDataset,
  type BuiltinDatasetName,
  type BuiltinDatasetOptions,
} from './builtin-datasets.js';
export { builtinFolderDatasets, type BuiltinFolderDatasetName } from './builtin-folders.js';
export {
  loadPairedFolder,
  translationDirections,
  type PairedData,
  type PairedFolderOptions,
  type TranslationDirection,
} from './paired-folders.js';
export { loadUnpairedFolders, type UnpairedData, type UnpairedFolderOptions } from './unpaired-folders.js';
