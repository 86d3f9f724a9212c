// Loaders of image folders and built-in datasets from the file system (exported by @ganforge/core/node).
export { EXTENSIONS, findImages, loadImageFolder, type ImageFolderOptions } from './image-folder.js';
export { builtinDatasets, loadBuiltinDataset, type BuiltinDatasetName, type BuiltinDatasetOptions } from './builtin-datasets.js';
export { builtinFolder, builtinFolderDatasets, type BuiltinFolderDatasetName } from './builtin-folders.js';
export {
  loadPairedFolder,
  translationDirections,
  type PairedData,
  type PairedFolderOptions,
  type TranslationDirection,
} from './paired-folders.js';
export { loadUnpairedFolders, type UnpairedData, type UnpairedFolderOptions } from './unpaired-folders.js';
