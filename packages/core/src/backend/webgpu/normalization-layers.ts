/**
 * Routes tfjs-layers' BatchNormalization (training mode) and core's InstanceNorm through the fused
 * normalisation kernels (normalization.ts) when core's webgpu kernels are on; everywhere else the
 * layers run their own code unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { updateMovingAverages, type NormalizeAttrs } from './normalization.js';
import { ownBuffer } from './own-buffer.js';
import { activeWebGpuBackend } from './state.js';

/** What the patch reads of tfjs-layers' BatchNormalization (its fields in tfjs-layers 4.22). */
interface BatchNormLayer {
  axis: number;
  epsilon: number;
  momentum: number;
  gamma: tf.LayerVariable | null;
  beta: tf.LayerVariable | null;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

/** The fused kernel's y for x; undefined where it does not apply. */
function normalize(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, attrs: NormalizeAttrs): tf.Tensor[] {
  return tf.engine().runKernel('GanforgeNormalize', { x, gamma, beta }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}

/** BatchNormalization's training-mode call, fused: y, and the running averages updated in place. */
function batchNormTraining(layer: BatchNormLayer, x: tf.Tensor): tf.Tensor | undefined {
  const backend = activeWebGpuBackend();
  const lastAxis = layer.axis === -1 || layer.axis === x.rank - 1;
  if (!backend || !lastAxis || (x.rank !== 2 && x.rank !== 4) || x.dtype !== 'float32' || !layer.gamma || !layer.beta) return undefined;
  return tf.tidy(() => {
    const [y, mean, variance] = normalize(x, layer.gamma!.read(), layer.beta!.read(), { epsilon: layer.epsilon, perImage: false });
    const movingMean = ownBuffer(backend, layer.movingMean.read() as tf.Variable);
    const movingVariance = ownBuffer(backend, layer.movingVariance.read() as tf.Variable);
    updateMovingAverages(backend, movingMean, movingVariance, mean!, variance!, layer.momentum);
    return y!;
  });
}

let installed = false;

/** Patches tfjs-layers' BatchNormalization so that its training-mode call takes the fused path on webgpu. Idempotent. */
export function installFusedBatchNorm(): void {
  if (installed) return;
  installed = true;
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization;
  if (!entry) throw new Error('tfjs-layers has no BatchNormalization layer to fuse');
  type Call = (this: BatchNormLayer, inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }) => tf.Tensor | tf.Tensor[];
  const prototype = (entry[0] as unknown as { prototype: { call: Call } }).prototype;
  const original = prototype.call;
  prototype.call = function call(this: BatchNormLayer, inputs, kwargs) {
    const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
    const fused = kwargs?.training === true && x !== undefined ? batchNormTraining(this, x) : undefined;
    return fused ?? original.call(this, inputs, kwargs);
  };
}

/**
 * Instance normalisation (per image and channel, biased variance) of NHWC x, fused, then · γ + β
 * when given; undefined unless core's webgpu kernels are on.
 */
export function fusedInstanceNorm(x: tf.Tensor4D, epsilon: number, gamma?: tf.Tensor, beta?: tf.Tensor): tf.Tensor4D | undefined {
  if (!activeWebGpuBackend() || x.dtype !== 'float32') return undefined;
  return tf.tidy(() => {
    const channels = x.shape[3];
    const [y] = normalize(x, gamma ?? tf.ones([channels]), beta ?? tf.zeros([channels]), { epsilon, perImage: true });
    return y as tf.Tensor4D;
  });
}
