/**
 * The distance a projection minimises between generated images and their targets, per image. Pixel
 * MSE alone rewards blurry averages, so where a feature network is at hand its features join in,
 * normalised to unit length as LPIPS does (Zhang et al. 2018, without the learned per-channel
 * weights): the shipped classifier's penultimate features for MNIST/Fashion-MNIST runs (they are
 * what decides whether a reconstruction is "the same digit"), and a VGG16/19 the user converted
 * (the features of NVlabs' projector).
 */
import * as tf from '@tensorflow/tfjs';
import { classifierFeatureLayer, type ImageClassifier } from '../metrics/classifier.js';
import { featureExtractor, vggPreprocess } from '../losses/perceptual.js';

/** The distance to fixed targets: `measure(images)` gives one number per image, [N]. */
export interface DistanceToTargets {
  measure: (images: tf.Tensor4D) => tf.Tensor1D;
  dispose: () => void;
}

export interface ImageDistance {
  /** What it adds up, for logs and code files, e.g. `pixel MSE + 0.5 x ganforge MNIST classifier features`. */
  description: string;
  /** Prepares the distance to `targets` [N, H, W, C] in [-1, 1] (their features are computed once). */
  against: (targets: tf.Tensor4D) => DistanceToTargets;
}

/** What goes into the distance; each term's weight has a default. */
export interface DistanceOptions {
  /** Weight of the mean squared pixel difference (on [-1, 1]). Default 1. */
  pixel?: number;
  /** The run's shipped classifier: squared distance of its unit-normalised penultimate features. */
  classifier?: ImageClassifier;
  /** Weight of the classifier term. Default 0.5. */
  classifierWeight?: number;
  /** A VGG16/19 LayersModel with Keras' layer names (block1_conv1, ...): LPIPS-like distance of the last conv of each block. */
  perceptual?: tf.LayersModel;
  /** Weight of the perceptual term. Default 1. */
  perceptualWeight?: number;
}

/** [N, ..., C] features to unit length along the last axis; ε keeps all-zero features finite. */
const unit = (f: tf.Tensor): tf.Tensor => tf.div(f, tf.add(tf.sqrt(tf.sum(tf.square(f), -1, true)), 1e-10));

/** Σ over the last axis of (unit(a) - unit(b))², mean over the rest but the first: [N]. */
const featureDistance = (a: tf.Tensor, b: tf.Tensor): tf.Tensor1D => {
  const d = tf.sum(tf.square(tf.sub(unit(a), unit(b))), -1);
  return (d.rank === 1 ? d : tf.mean(d, Array.from({ length: d.rank - 1 }, (_, i) => i + 1))) as tf.Tensor1D;
};

/** The last `blockN_convM` layer of every block of a Keras-named VGG, in order. */
export function vggBlockOutputs(model: tf.LayersModel): string[] {
  const last = new Map<number, string>();
  for (const layer of model.layers) {
    const match = /^block(\d+)_conv\d+$/.exec(layer.name);
    if (match) last.set(Number(match[1]), layer.name);
  }
  if (last.size === 0) {
    throw new Error(`model "${model.name}" has no layers named blockN_convM (Keras' VGG16/VGG19 names); convert keras.applications.VGG16 or VGG19 with include_top=False`);
  }
  return [...last.keys()].sort((a, b) => a - b).map((b) => last.get(b)!);
}

type Features = (images: tf.Tensor4D) => tf.Tensor[];

/** The projection distance: weighted pixel MSE, classifier and perceptual terms. */
export function imageDistance(options: DistanceOptions = {}): ImageDistance {
  const { pixel = 1, classifier, classifierWeight = 0.5, perceptual, perceptualWeight = 1 } = options;
  const terms: { weight: number; features: Features; name: string }[] = [];
  if (classifier !== undefined) {
    const extractor = featureExtractor(classifier.model, classifierFeatureLayer);
    terms.push({
      weight: classifierWeight,
      name: `${classifierWeight} x ${classifier.featureExtractor} features`,
      features: (images) => [extractor.apply(classifier.prepare(images), { training: false }) as tf.Tensor],
    });
  }
  if (perceptual !== undefined) {
    const layers = vggBlockOutputs(perceptual);
    const heads = tf.model({ inputs: perceptual.inputs, outputs: layers.map((l) => perceptual.getLayer(l).output as tf.SymbolicTensor) });
    terms.push({
      weight: perceptualWeight,
      name: `${perceptualWeight} x LPIPS-like ${perceptual.name} (${layers.join(', ')})`,
      features: (images) => [heads.apply(vggPreprocess(images), { training: false }) as tf.Tensor | tf.Tensor[]].flat(),
    });
  }
  return {
    description: [`${pixel} x pixel MSE`, ...terms.map((t) => t.name)].join(' + '),
    against: (targets) => {
      const targetFeatures = terms.map((term) => tf.tidy(() => term.features(targets)));
      return {
        measure: (images) =>
          tf.tidy(() => {
            let total = tf.mul(tf.mean(tf.squaredDifference(images, targets), [1, 2, 3]), pixel);
            terms.forEach((term, k) => {
              const features = term.features(images);
              features.forEach((f, i) => (total = tf.add(total, tf.mul(featureDistance(f, targetFeatures[k]![i]!), term.weight))));
            });
            return total as tf.Tensor1D;
          }),
        dispose: () => tf.dispose(targetFeatures.flat()),
      };
    },
  };
}
