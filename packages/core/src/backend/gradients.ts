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

/** Registers ganforge's gradients (idempotent; comparison gradients only where tfjs has none). */
export function registerGradients(): void {
  tf.registerGradient(fusedBatchNormGradient);
  for (const name of comparisons) if (tf.getGradient(name) === undefined) tf.registerGradient(zeroGradient(name));
}
