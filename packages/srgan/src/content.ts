/**
 * SRGAN's content loss. With perceptual weights (a tfjs LayersModel, e.g. Keras' VGG19 converted
 * once with tensorflowjs_converter), the loss is the MSE between scaled VGG features of SR and HR
 * images (Ledig et al.'s VGG54: relu5_4, features x 1/12.75). Without them, a built-in loss that
 * needs no download: pixel MSE (the paper's SRGAN-MSE variant) plus the L1 distance between image
 * gradients. Weights are read from disk (or a URL in a browser); nothing is ever downloaded.
 */
import * as tf from '@tensorflow/tfjs';
import { featureExtractor, l2Loss, loadFeatureModel, perceptualLoss, vggPreprocess, type FeatureNetwork } from '@ganforge/core/losses';
import { deriveSeed, rngStreams } from '@ganforge/core/random';
import type { SrganConfig } from './config.js';

/** VGG19's convolution blocks (Simonyan & Zisserman 2015), as Keras names its layers. */
const vgg19Blocks = [[64, 2], [128, 2], [256, 4], [512, 4], [512, 4]] as const;

/**
 * VGG19's convolutional part up to block5_conv4 (= relu5_4, Keras' conv layers include the ReLU),
 * with Keras' layer names, so weights converted from keras.applications.VGG19 load into the same
 * layout. Randomly initialised (seeded): the bench times the content loss with it, as the PyTorch
 * reference does with torchvision's vgg19(weights=None).
 */
export function createVgg19Features(seed = 0): tf.LayersModel {
  const model = tf.sequential({ name: 'vgg19' });
  let layer = 0;
  vgg19Blocks.forEach(([filters, convs], b) => {
    for (let c = 1; c <= convs; c++) {
      model.add(tf.layers.conv2d({
        name: `block${b + 1}_conv${c}`,
        ...(layer === 0 ? { inputShape: [null, null, 3] } : {}),
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        // He-uniform (not torchvision's He-normal): seeded truncated normals are slow to draw on wasm.
        kernelInitializer: tf.initializers.heUniform({ seed: deriveSeed(seed, rngStreams.init, 3, layer++) }),
      }));
    }
    if (b < vgg19Blocks.length - 1) model.add(tf.layers.maxPooling2d({ name: `block${b + 1}_pool`, poolSize: 2, strides: 2 }));
  });
  return model;
}

/** A loaded content network: features of [-1, 1] images. */
export interface ContentNetwork {
  /** Where it came from: the weights path, or 'random'. */
  source: string;
  features: FeatureNetwork;
  /** Frees the network's weights. */
  dispose: () => void;
}

const loaded = new Map<string, Promise<ContentNetwork>>();

/**
 * The content network a config asks for, loaded once per process and kept for later steps;
 * undefined for the built-in loss ('' perceptualWeights).
 * @throws Error naming the path and what to do when the weights cannot be loaded or lack the layer.
 */
export async function contentNetwork(config: SrganConfig): Promise<ContentNetwork | undefined> {
  const source = config.perceptualWeights;
  if (source === '') return undefined;
  const key = `${source}#${config.perceptualLayer}`;
  let network = loaded.get(key);
  if (network === undefined) {
    network = (async () => {
      let model: tf.LayersModel;
      if (source === 'random') {
        model = createVgg19Features(0);
      } else {
        try {
          model = await loadFeatureModel(source);
        } catch (error) {
          throw new Error(
            `cannot load the perceptual weights "${source}" (${(error as Error).message}); give a folder with model.json from ` +
              "tensorflowjs_converter (see @ganforge/srgan's README: VGG19 to block5_conv4), or drop --perceptual-weights for the built-in content loss",
          );
        }
      }
      const extractor = featureExtractor(model, config.perceptualLayer);
      return {
        source,
        features: (images: tf.Tensor4D) => extractor.apply(vggPreprocess(images), { training: false }) as tf.Tensor,
        dispose: () => model.dispose(), // the extractor's layers are the model's
      };
    })();
    network.catch(() => loaded.delete(key));
    loaded.set(key, network);
  }
  return network;
}

/** Frees every content network loaded so far (tests, long-lived processes). */
export async function disposeContentNetworks(): Promise<void> {
  const networks = await Promise.allSettled(loaded.values());
  loaded.clear();
  for (const result of networks) if (result.status === 'fulfilled') result.value.dispose();
}

/** Mean |∂x a - ∂x b| + mean |∂y a - ∂y b| with forward differences: [N, H, W, C] -> scalar. */
export function gradientL1(a: tf.Tensor4D, b: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    const [n, h, w, c] = a.shape;
    const dx = (t: tf.Tensor4D) => tf.sub(tf.slice(t, [0, 0, 1, 0], [n, h, w - 1, c]), tf.slice(t, [0, 0, 0, 0], [n, h, w - 1, c]));
    const dy = (t: tf.Tensor4D) => tf.sub(tf.slice(t, [0, 1, 0, 0], [n, h - 1, w, c]), tf.slice(t, [0, 0, 0, 0], [n, h - 1, w, c]));
    return tf.add(tf.mean(tf.abs(tf.sub(dx(a), dx(b)))), tf.mean(tf.abs(tf.sub(dy(a), dy(b)))));
  });
}

/**
 * Content loss of SR images against HR targets: perceptual MSE with a content network, else
 * pixel MSE + gradientWeight · gradientL1.
 */
export function contentLoss(network: ContentNetwork | undefined, sr: tf.Tensor4D, hr: tf.Tensor4D, config: SrganConfig): tf.Scalar {
  if (network) return perceptualLoss(network.features, sr, hr, config.contentScale);
  return tf.tidy(() => tf.add(l2Loss(sr, hr), tf.mul(config.gradientWeight, gradientL1(sr, hr))));
}
