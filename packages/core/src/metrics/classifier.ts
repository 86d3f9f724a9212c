/**
 * ganforge's small image classifiers (MNIST, Fashion-MNIST): the network, and a wrapper that gives
 * class predictions and the penultimate features on which the Fréchet distance, KID and
 * precision/recall are measured. Weights ship in @ganforge/datasets; '@ganforge/core/node' loads
 * them (loadClassifier). These features are not Inception-v3's: metrics on them are not FIDs.
 */
import * as tf from '@tensorflow/tfjs';
import type { FeatureSet } from './features.js';

/** Side of the classifier's square grayscale input. */
export const classifierInputSize = 28;
/** Name of the penultimate dense layer whose activations are the features. */
export const classifierFeatureLayer = 'features';

/** Options of {@link createClassifierModel}. */
export interface ClassifierModelOptions {
  /** Width of the penultimate (feature) layer; default 128. */
  featureDim?: number;
  /** Number of classes; default 10. */
  classes?: number;
  /** Dropout before the last layer while training; default 0.5. */
  dropout?: number;
  /** Seed of the initial weights; default 0. */
  seed?: number;
}

/**
 * The classifier network: [N, 28, 28, 1] in [-1, 1] -> [N, classes] probabilities. Strided
 * convolutions instead of pooling keep it cheap to train on the CPU:
 * conv 5x5/2 32 -> conv 3x3/2 64 -> conv 3x3/2 64 -> dense 128 (features) -> dense 10.
 * About 188k weights (376 KB at float16).
 */
export function createClassifierModel(options: ClassifierModelOptions = {}): tf.LayersModel {
  const { featureDim = 128, classes = 10, dropout = 0.5, seed = 0 } = options;
  const init = (i: number) => tf.initializers.heNormal({ seed: seed * 16 + i });
  const conv = (filters: number, kernelSize: number, i: number) =>
    tf.layers.conv2d({ filters, kernelSize, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(i), name: `conv${i}` });
  const input = tf.input({ shape: [classifierInputSize, classifierInputSize, 1], name: 'image' });
  let x = conv(32, 5, 1).apply(input) as tf.SymbolicTensor; // [N, 14, 14, 32]
  x = conv(64, 3, 2).apply(x) as tf.SymbolicTensor; // [N, 7, 7, 64]
  x = conv(64, 3, 3).apply(x) as tf.SymbolicTensor; // [N, 4, 4, 64]
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor; // [N, 1024]
  x = tf.layers.dense({ units: featureDim, activation: 'relu', kernelInitializer: init(4), name: classifierFeatureLayer }).apply(x) as tf.SymbolicTensor; // [N, 128]
  x = tf.layers.dropout({ rate: dropout, seed: seed * 16 + 5, name: 'dropout' }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init(6), name: 'classes' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'ganforge-classifier' });
}

/** What a shipped classifier was trained on and how well it does (its info.json). */
export interface ClassifierInfo {
  /** Built-in dataset name, e.g. `mnist`. */
  dataset: string;
  /** Dataset name as printed, e.g. `MNIST`. */
  title: string;
  classNames: string[];
  featureDim: number;
  /** Accuracy of the shipped (float16) weights on the dataset's test split. */
  testAccuracy: number;
  /** Images in the test split it was measured on. */
  testCount: number;
  /** How it was trained: epochs, augmentation, wall time, backend. */
  training: Record<string, unknown>;
}

/**
 * A loaded classifier. Images go in as [N, H, W, C] in [-1, 1] (ganforge's generator range); other
 * sizes are resized to 28 x 28 (average pooling for whole factors, else bilinear), RGB becomes the
 * mean of its channels.
 */
export class ImageClassifier {
  readonly model: tf.LayersModel;
  readonly info: ClassifierInfo;
  /** The same network with two outputs: [features, probabilities]. */
  private readonly heads: tf.LayersModel;

  constructor(model: tf.LayersModel, info: ClassifierInfo) {
    this.model = model;
    this.info = info;
    const features = model.getLayer(classifierFeatureLayer);
    this.heads = tf.model({ inputs: model.inputs, outputs: [features.output as tf.SymbolicTensor, ...model.outputs] });
  }

  /** The name every report prints, e.g. `ganforge MNIST classifier (penultimate, 128-d)`. */
  get featureExtractor(): string {
    return `ganforge ${this.info.title} classifier (penultimate, ${this.info.featureDim}-d)`;
  }

  /** [N, H, W, 1 | 3] in [-1, 1] -> [N, 28, 28, 1]. Caller disposes. */
  prepare(images: tf.Tensor4D): tf.Tensor4D {
    const [, height, width, channels] = images.shape;
    return tf.tidy(() => {
      let x = channels === 1 ? images : (tf.mean(images, 3, true) as tf.Tensor4D);
      const size = classifierInputSize;
      if (height === size && width === size) return tf.clone(x);
      if (height % size === 0 && width % size === 0) {
        x = tf.avgPool(x, [height / size, width / size], [height / size, width / size], 'valid');
      } else {
        x = tf.image.resizeBilinear(x, [size, size], false, true);
      }
      return x;
    });
  }

  /** Penultimate activations, [N, featureDim]. Caller disposes. */
  features(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => (this.heads.predict(this.prepare(images)) as tf.Tensor2D[])[0]!);
  }

  /** Class probabilities, [N, classes]. Caller disposes. */
  probabilities(images: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.model.predict(this.prepare(images)) as tf.Tensor2D);
  }

  /** The most probable class of every image. */
  async predict(images: tf.Tensor4D): Promise<Int32Array> {
    const classes = tf.tidy(() => tf.argMax(this.probabilities(images), 1));
    const values = (await classes.data()) as Int32Array;
    classes.dispose();
    return values;
  }

  /**
   * Features of `count` images produced `batchSize` at a time by `batch(start, size)` (which
   * returns [size, H, W, C] in [-1, 1]; disposed here), with the predicted classes.
   */
  async embed(
    count: number,
    batch: (start: number, size: number) => tf.Tensor4D,
    options: { batchSize?: number; onProgress?: (done: number) => void } = {},
  ): Promise<{ features: FeatureSet; classes: Int32Array }> {
    const batchSize = options.batchSize ?? 250;
    const dim = this.info.featureDim;
    const data = new Float32Array(count * dim);
    const classes = new Int32Array(count);
    for (let start = 0; start < count; start += batchSize) {
      const size = Math.min(batchSize, count - start);
      const images = batch(start, size);
      const [features, predicted] = tf.tidy(() => {
        const [f, p] = this.heads.predict(this.prepare(images)) as [tf.Tensor2D, tf.Tensor2D];
        return [f, tf.argMax(p, 1)];
      });
      images.dispose();
      data.set(await features.data(), start * dim);
      classes.set(await predicted.data(), start);
      tf.dispose([features, predicted]);
      options.onProgress?.(start + size);
    }
    return { features: { count, dim, data }, classes };
  }

  dispose(): void {
    this.model.dispose();
  }
}
