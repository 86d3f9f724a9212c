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
