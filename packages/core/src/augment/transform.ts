/** The shape every augmentation takes once its random parameters are drawn. */
import * as tf from '@tensorflow/tfjs';

/**
 * One drawn augmentation of a batch: its parameters are fixed when it is drawn, so applying it
 * twice transforms the same image the same way (R1 differentiates D through the very transform
 * D's loss saw).
 */
export interface AugmentTransform {
  /**
   * [N, H, W, C] in [-1, 1] -> [N, H, W, C], the shape it was drawn for; differentiable in `images`
   * (to second order). Returns `images` itself when the transform is the identity.
   */
  apply: (images: tf.Tensor4D) => tf.Tensor4D;
  /** Frees the drawn parameters (pixel maps, masks, colour matrices). */
  dispose: () => void;
}

/** The transform that leaves images alone. */
export const identityTransform: AugmentTransform = { apply: (images) => images, dispose: () => {} };

/** A transform over the tensors it holds: `apply` runs in a tidy, `dispose` frees `held`. */
export function heldTransform(held: tf.Tensor[], apply: (images: tf.Tensor4D) => tf.Tensor4D): AugmentTransform {
  return { apply: (images) => tf.tidy(() => apply(images)), dispose: () => tf.dispose(held) };
}

/** The transforms one after another, in order. */
export function chainTransforms(transforms: AugmentTransform[]): AugmentTransform {
  if (transforms.length === 0) return identityTransform;
  if (transforms.length === 1) return transforms[0]!;
  return {
    apply: (images) => tf.tidy(() => transforms.reduce((x, t) => t.apply(x), images)),
    dispose: () => transforms.forEach((t) => t.dispose()),
  };
}

/**
 * Images grouped for colour transforms: channels come in groups of 3 (RGB) when C is a multiple of
 * 3, else one by one (gray). A pair concatenated on the channel axis (pix2pix's input and target,
 * [N, H, W, 6]) is two RGB groups, each coloured by the same draw.
 */
export const colorGroupSize = (channels: number): 1 | 3 => (channels % 3 === 0 ? 3 : 1);
