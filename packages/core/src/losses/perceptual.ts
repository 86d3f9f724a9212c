/**
 * Perceptual (feature reconstruction) loss: the mean squared distance between the features a
 * frozen network computes for two images (Johnson, Alahi & Fei-Fei 2016; SRGAN's "VGG loss",
 * Ledig et al. 2017, which uses VGG19's relu5_4 features rescaled by 1/12.75).
 */
import * as tf from '@tensorflow/tfjs';

/** Features of a batch of images: a frozen LayersModel, or any function (e.g. preprocessing, then a model). */
export type FeatureNetwork = tf.LayersModel | ((images: tf.Tensor4D) => tf.Tensor);

/**
 * The part of `model` from its inputs to the output of layer `layer`, frozen (not trainable): the
 * feature network of a perceptual loss. It shares `model`'s weights.
 * @throws Error naming the layers `model` has when `layer` is not one of them.
 */
export function featureExtractor(model: tf.LayersModel, layer: string): tf.LayersModel {
  const names = model.layers.map((l) => l.name);
  if (!names.includes(layer)) {
    throw new Error(`model "${model.name}" has no layer "${layer}" to take features from; its layers are: ${names.join(', ')}`);
  }
  const output = model.getLayer(layer).output as tf.SymbolicTensor;
  const extractor = tf.model({ inputs: model.inputs, outputs: output, name: `${model.name}-to-${layer}` });
  extractor.trainable = false;
  return extractor;
}

/**
 * mean((s·φ(output) - s·φ(target))²) over every feature of the batch, φ = `features` in inference
 * mode, s = `scale` (SRGAN: 1/12.75 on VGG19 features). Gradients flow to `output` (and `target`)
 * but the loss never trains φ: pass only the generator's variables to the optimizer.
 * @param output [N, H, W, C] images being trained
 * @param target [N, H, W, C] images whose features they should match
 */
export function perceptualLoss(features: FeatureNetwork, output: tf.Tensor4D, target: tf.Tensor4D, scale = 1): tf.Scalar {
  const phi = (x: tf.Tensor4D) => (typeof features === 'function' ? features(x) : (features.apply(x, { training: false }) as tf.Tensor));
  return tf.tidy(() => tf.mul(scale * scale, tf.mean(tf.squaredDifference(phi(output), phi(target)))));
}

/**
 * Keras' VGG preprocessing ("caffe" mode) from ganforge's [-1, 1] RGB: to 0..255, RGB -> BGR,
 * minus the ImageNet channel means. Gray images are repeated to three channels.
 */
export function vggPreprocess(images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const rgb = images.shape[3] === 1 ? tf.tile(images, [1, 1, 1, 3]) : images;
    const bgr = tf.reverse(tf.mul(tf.add(rgb, 1), 127.5), 3);
    return tf.sub(bgr, tf.tensor1d([103.939, 116.779, 123.68])) as tf.Tensor4D;
  });
}

/**
 * A LayersModel the user converted (e.g. Keras' VGG16/19 with tensorflowjs_converter): a folder with
 * model.json in Node, or a URL (browser, or http(s) anywhere). Nothing is ever downloaded by default.
 */
export async function loadFeatureModel(location: string): Promise<tf.LayersModel> {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
  if (isUrl || typeof process === 'undefined' || !process.versions?.node) {
    return tf.loadLayersModel(location.endsWith('.json') ? location : `${location.replace(/\/$/, '')}/model.json`);
  }
  // Node: read the folder with core's file loader. A computed specifier keeps bundlers from
  // pulling Node's file system into browser builds.
  const nodeEntry = '@ganforge/core/node';
  const { loadModel } = (await import(/* @vite-ignore */ nodeEntry)) as { loadModel: (dir: string) => Promise<tf.LayersModel> };
  return loadModel(location);
}
