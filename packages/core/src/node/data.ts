// Node-only data sources (file system): image folders and the built-in datasets.
export { loadImageFolder, type ImageFolderOptions } from './image-folder.js';
export {
  builtinDatasets,
  loadBuiltinDataset,
  type BuiltinDatasetName,
  type BuiltinDatasetOptions,
} from './builtin-datasets.js';
