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
