/**
 * BigGAN's orthogonal regularisation (Brock, Donahue & Simonyan 2019, eq. 3): only the
 * off-diagonal part of the Gram matrix of each kernel's filters is pushed to zero, so filters
 * become orthogonal without fixing their norms:
 *
 *   R(W) = ‖WᵀW ⊙ (1 − I)‖²_F,  W = reshape(kernel, [-1, out]) (columns = filters)
 *
 * Summed over the given kernels; the caller scales it by β (BigGAN: 1e-4) and adds it to G's loss.
 * Tensors of rank < 2 (biases, norm scales) are skipped, as in BigGAN's code.
 */
import * as tf from '@tensorflow/tfjs';

/** Σ over `kernels` of ‖WᵀW ⊙ (1 − I)‖²_F; 0 when none has rank 2 or more. */
export const orthogonalRegularization = (kernels: readonly tf.Tensor[]): tf.Scalar =>
  tf.tidy(() => {
    const terms = kernels
      .filter((k) => k.rank >= 2)
      .map((k) => {
        const w = tf.reshape(k, [-1, k.shape.at(-1)!]) as tf.Tensor2D; // [fanIn, out]
        const gram = tf.matMul(w, w, true, false); // [out, out]
        const offDiagonal = tf.mul(gram, tf.sub(1, tf.eye(gram.shape[0]))); // WᵀW ⊙ (1 − I)
        return tf.sum(tf.square(offDiagonal));
      });
    return terms.length === 0 ? tf.scalar(0) : (tf.addN(terms) as tf.Scalar);
  });
