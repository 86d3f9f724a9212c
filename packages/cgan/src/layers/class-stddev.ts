import * as tf from '@tensorflow/tfjs';

/**
 * Minibatch standard deviation within each class (Karras et al. 2018's statistic, grouped by label
 * instead of by position): for every image, the standard deviation of D's features over the images
 * of its own class in the batch, averaged over pixels and channels and appended as one constant
 * feature map. A generator that draws one image per class gives 0 where a real batch of the same
 * classes gives its within-class spread, which the pooled statistic hides behind the spread between
 * classes. Fakes are drawn for the real batch's labels, so both batches group alike; an image alone
 * in its class gets √1e-8 in either.
 *
 *   y[n] = mean_{h, w, c} √(Var_{m : y_m = y_n} x[m, h, w, c] + 1e-8)
 */
export function classStddev(x: tf.Tensor4D, oneHot: tf.Tensor2D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.tidy(() => {
    const flat = tf.reshape(x, [n, h * w * c]); // [N, F]
    const counts = tf.maximum(tf.sum(oneHot, 0), 1).reshape([-1, 1]); // [K, 1]
    const classMeans = tf.div(tf.matMul(oneHot, flat, true), counts); // [K, F]
    const centred = tf.sub(flat, tf.matMul(oneHot, classMeans)); // [N, F]
    const classVariances = tf.div(tf.matMul(oneHot, tf.square(centred), true), counts); // [K, F]
    const std = tf.sqrt(tf.add(tf.matMul(oneHot, classVariances), 1e-8)); // [N, F]
    const stat = tf.mean(std, 1); // [N]
    // Spread over the map by a product with ones, not broadcastTo: tfjs differentiates the Tile behind
    // broadcastTo with a slice and an add per pixel (392 kernels at 14x14), a product with one sum.
    return tf.concat([x, tf.mul(tf.reshape(stat, [n, 1, 1, 1]), tf.ones([n, h, w, 1]))], 3) as tf.Tensor4D;
  });
}

/** `classStddev` as a layer: [images [N, H, W, C], one-hot [N, K]] -> [N, H, W, C + 1]. */
export class ClassStddev extends tf.layers.Layer {
  static className = 'GanforgeClassStddev';

  override computeOutputShape(inputShape: tf.Shape[]): tf.Shape {
    const shape = inputShape[0]!;
    return [...shape.slice(0, -1), (shape.at(-1) as number) + 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, oneHot] = inputs as tf.Tensor[];
    return classStddev(x as tf.Tensor4D, oneHot as tf.Tensor2D);
  }
}

tf.serialization.registerClass(ClassStddev);
