/** Names of the datasets stored in this package. */
export type DatasetName = 'mnist' | 'fashion-mnist';
/** `train` or `test`; see README.md for how MNIST's split was made. */
export type DatasetSplit = 'train' | 'test';

/** Facts about one stored dataset. */
export interface DatasetInfo {
  /** Class names, indexed by label. */
  classNames: readonly string[];
  /** Image height in pixels (images are 8-bit grayscale). */
  height: number;
  /** Image width in pixels. */
  width: number;
  /** Number of images in each split. */
  counts: Readonly<Record<DatasetSplit, number>>;
  /** Licence of the data, with its authors. */
  license: string;
}

/** Class names, sizes, counts and licence of every stored dataset. */
export declare const datasetInfo: Readonly<Record<DatasetName, DatasetInfo>>;

/**
 * Absolute paths of a split's gzipped IDX files (images: magic 2051, [count, 28, 28] uint8;
 * labels: magic 2049, [count] uint8). Throws for an unknown name or split.
 */
export declare function datasetFiles(name: DatasetName, split: DatasetSplit): { images: string; labels: string };

/** Names of the procedural image-to-image sets stored as PNG folders. */
export type FolderDatasetName = 'edges2shapes' | 'day2night' | 'circles2squares';

/** Facts about one folder dataset. */
export interface FolderDatasetInfo {
  /** `paired`: pix2pix's A|B side-by-side files in train/ and test/; `unpaired`: CycleGAN's trainA/ trainB/ testA/ testB/. */
  layout: 'paired' | 'unpaired';
  /** Height and width of every image (each half of a side-by-side pair), in pixels. */
  size: number;
  /** Pairs (paired) or images per domain (unpaired) in each split. */
  counts: Readonly<Record<DatasetSplit, number>>;
  /** One line: what the two domains show. */
  description: string;
}

/** Layout, size, counts and description of every folder dataset. */
export declare const folderDatasetInfo: Readonly<Record<FolderDatasetName, FolderDatasetInfo>>;

/** Absolute path of a folder dataset's root folder. Throws for an unknown name. */
export declare function datasetFolder(name: FolderDatasetName): string;

/** Datasets with a classifier in classifiers/<name>/. */
export declare const classifierNames: readonly DatasetName[];

/**
 * Absolute path of a dataset's classifier folder: a tfjs LayersModel (model.json + weights.bin,
 * float16 weights) and info.json (test accuracy, how it was trained). Throws for other names.
 */
export declare function classifierDir(name: DatasetName): string;
