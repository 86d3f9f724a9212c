/**
 * Gradients that replace tfjs' own where those waste time. Registered by initBackend for every
 * backend; each is checked against the plain-ops formula in test/gradients.test.ts.
 *
 * FusedBatchNorm: tfjs tiles 1/√(var + ε) to the full [N, H, W, C] shape before multiplying; a
 * broadcasting multiply gives the same values without materialising it (the tile was ~10% of a
 * DCGAN training step on wasm).
 *
 * Comparisons (Greater, Less, ...) are piecewise constant, so their gradient is zero. tfjs registers
 * none, which breaks second-order gradients through LeakyReLU and ReLU (whose gradients select on
 * a comparison): the WGAN-GP gradient penalty and R1 need them.
 *
 * Second order through pooling, resizing and convolution filters: tfjs registers no gradient for
 * the backward kernels AvgPoolGrad, ResizeNearestNeighborGrad and Conv2DBackpropFilter, so a
 * penalty on ∇ₓD(x) cannot be differentiated through a discriminator that pools. Each of these
 * kernels is linear in `dy`: AvgPoolGrad and ResizeNearestNeighborGrad are the adjoints of avgPool
 * and the resize, so their gradient with respect to `dy` is the forward op applied to the incoming
 * gradient; Conv2DBackpropFilter(x, dy) is bilinear, and its partial derivatives are a transposed
 * convolution (x) and a convolution (dy) with the incoming filter gradient. Checked against finite
 * differences in test/second-order.test.ts. (ResizeBilinearGrad is left alone: in tfjs 4.22 it
 * ignores halfPixelCenters, so core's upsample2d builds bilinear resizing from plain ops.)
 */
import * as tf from '@tensorflow/tfjs';

const fusedBatchNormGradient: tf.GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const dyTensor = dy as tf.Tensor;
    const scaleValue = scale ?? tf.scalar(1);
    const reductionAxes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor) => tf.reshape(reductionAxes.length > 0 ? tf.sum(t, reductionAxes) : t, mean.shape);
    const xMinusMean = tf.sub(x, mean);
    const dyTimesScale = tf.mul(dyTensor, scaleValue);
    const rsqrtVariance = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const minusHalfRCube = tf.mul(tf.mul(tf.mul(rsqrtVariance, rsqrtVariance), rsqrtVariance), tf.scalar(-0.5));
    return {
      x: () => tf.mul(dyTensor, tf.mul(rsqrtVariance, scaleValue)),
      mean: () => reduce(tf.mul(tf.neg(rsqrtVariance), dyTimesScale)),
      variance: () => reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScale)),
      scale: () => reduce(tf.mul(dyTensor, tf.mul(xMinusMean, rsqrtVariance))),
      offset: () => reduce(dyTensor),
    };
  },
};

const comparisons = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual'];

const zeroGradient = (kernelName: string): tf.GradConfig => ({
  kernelName,
  inputsToSave: ['a', 'b'],
  gradFunc: (_dy, saved) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
  },
});

/** AvgPoolGrad(dy, input) is the adjoint of avgPool: its gradient in dy is avgPool of the incoming gradient. */
const avgPoolGradGradient: tf.GradConfig = {
  kernelName: 'AvgPoolGrad',
  inputsToSave: ['input'],
  gradFunc: (ddx, saved, attrs) => {
    const [input] = saved as [tf.Tensor4D];
    const { filterSize, strides, pad } = attrs as unknown as tf.AvgPoolGradAttrs;
    return {
      dy: () => tf.avgPool(ddx as tf.Tensor4D, filterSize, strides, pad as 'valid' | 'same' | number),
      input: () => tf.zerosLike(input),
    };
  },
};

/** ResizeNearestNeighborGrad is the adjoint of the resize: its gradient in dy is the resize of the incoming gradient. */
const resizeNearestGradGradient: tf.GradConfig = {
  kernelName: 'ResizeNearestNeighborGrad',
  inputsToSave: ['images', 'dy'],
  gradFunc: (ddx, saved, attrs) => {
    const [images, dy] = saved as [tf.Tensor4D, tf.Tensor4D];
    const { alignCorners, halfPixelCenters } = attrs as unknown as tf.ResizeNearestNeighborAttrs;
    return {
      dy: () => tf.image.resizeNearestNeighbor(ddx as tf.Tensor4D, [dy.shape[1], dy.shape[2]], alignCorners, halfPixelCenters),
      images: () => tf.zerosLike(images),
    };
  },
};

/** dW = Conv2DBackpropFilter(x, dy) is bilinear: ∂/∂x is a transposed convolution of dy, ∂/∂dy a convolution of x, each with the incoming filter gradient. */
const conv2DBackpropFilterGradient: tf.GradConfig = {
  kernelName: 'Conv2DBackpropFilter',
  inputsToSave: ['x', 'dy'],
  gradFunc: (ddw, saved, attrs) => {
    const [x, dy] = saved as [tf.Tensor4D, tf.Tensor4D];
    const { strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    const padding = pad as 'valid' | 'same' | number;
    const filter = ddw as tf.Tensor4D;
    return {
      x: () => tf.conv2dTranspose(dy, filter, x.shape, strides, padding, dimRoundingMode),
      dy: () => tf.conv2d(x, filter, strides, padding, dataFormat, 1, dimRoundingMode),
    };
  },
};

/** Registers ganforge's gradients (idempotent; comparison and second-order gradients only where tfjs has none). */
export function registerGradients(): void {
  tf.registerGradient(fusedBatchNormGradient);
  for (const name of comparisons) if (tf.getGradient(name) === undefined) tf.registerGradient(zeroGradient(name));
  const secondOrder = [avgPoolGradGradient, resizeNearestGradGradient, conv2DBackpropFilterGradient];
  for (const config of secondOrder) if (tf.getGradient(config.kernelName) === undefined) tf.registerGradient(config);
}
