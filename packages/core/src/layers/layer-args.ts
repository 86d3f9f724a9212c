import type * as tf from '@tensorflow/tfjs';

/** Arguments every tfjs layer takes (name, inputShape, trainable, ...): extend it for a layer's own args. */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
