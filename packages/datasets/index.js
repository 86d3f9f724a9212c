// Paths and facts for the datasets stored in this package (see README.md for sources and licences).
import { fileURLToPath } from 'node:url';

/** File names per dataset and split: gzipped IDX (images magic 2051, labels magic 2049). */
const files = {
  mnist: {
    train: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
    test: ['test-images-idx3-ubyte.gz', 'test-labels-idx1-ubyte.gz'],
  },
  'fashion-mnist': {
    train: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
    test: ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
  },
};

/** Class names, sizes, counts and licence of every stored dataset (types in index.d.ts). */
export const datasetInfo = {
  mnist: {
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    height: 28,
    width: 28,
    counts: { train: 9000, test: 1000 },
    license: 'CC BY-SA 3.0 (Yann LeCun, Corinna Cortes, Christopher J.C. Burges)',
  },
  'fashion-mnist': {
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    height: 28,
    width: 28,
    counts: { train: 60000, test: 10000 },
    license: 'MIT (Zalando SE)',
  },
};

/** Absolute paths of a split's gzipped IDX files: `{ images, labels }`. */
export function datasetFiles(name, split) {
  const pair = files[name]?.[split];
  if (!pair) throw new Error(`unknown dataset "${name}" split "${split}"; datasets: ${Object.keys(files).join(', ')}; splits: train, test`);
  const path = (file) => fileURLToPath(new URL(`./data/${name}/${file}`, import.meta.url));
  return { images: path(pair[0]), labels: path(pair[1]) };
}

/**
 * Small procedural image-to-image sets stored as PNG folders (32 x 32; made by
 * scripts/make-shapes.mjs): their layout, counts and what they show (types in index.d.ts).
 */
export const folderDatasetInfo = {
  edges2shapes: {
    layout: 'paired',
    size: 32,
    counts: { train: 400, test: 100 },
    description: 'coloured outlines (A) -> the shapes filled (B), A|B side by side (pix2pix\'s format)',
  },
  day2night: {
    layout: 'unpaired',
    size: 32,
    counts: { train: 400, test: 100 },
    description: 'landscapes by day (A) and by night (B), unpaired (CycleGAN\'s trainA/ trainB/ testA/ testB/)',
  },
  circles2squares: {
    layout: 'unpaired',
    size: 32,
    counts: { train: 400, test: 100 },
    description: 'coloured circles (A) and squares (B) on grey, unpaired (CycleGAN\'s format)',
  },
};

/** Absolute path of a folder dataset's root (its train/ and test/ or trainA/ ... folders inside). */
export function datasetFolder(name) {
  if (!Object.hasOwn(folderDatasetInfo, name)) {
    throw new Error(`unknown folder dataset "${name}"; folder datasets: ${Object.keys(folderDatasetInfo).join(', ')}`);
  }
  return fileURLToPath(new URL(`./data/${name}`, import.meta.url));
}

/** Datasets with a classifier in classifiers/<name>/ (model.json, weights.bin, info.json). */
export const classifierNames = ['mnist', 'fashion-mnist'];

/** Absolute path of a dataset's classifier folder: a tfjs LayersModel (model.json + weights.bin) and info.json. */
export function classifierDir(name) {
  if (!classifierNames.includes(name)) throw new Error(`no classifier for "${name}"; classifiers: ${classifierNames.join(', ')}`);
  return fileURLToPath(new URL(`./classifiers/${name}`, import.meta.url));
}
