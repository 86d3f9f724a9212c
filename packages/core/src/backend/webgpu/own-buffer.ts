/**
 * In-place writes need a buffer no other tensor reads. On webgpu, Identity (every clone, every
 * tensor a tape keeps) and Reshape share their input's buffer, and EMA's reset makes the shadow
 * network's variables share the trained network's; writing such a buffer in place would change
 * those tensors too. A variable whose buffer is shared first gets a private copy (one buffer
 * copy, no dispatch); in a training step the gradient tape has let go of every weight by the time
 * the optimizer runs, so that copy is rare.
 */
import * as tf from '@tensorflow/tfjs';
import { gpuBuffer, newTensor } from './dispatch.js';
import type { WebGpuBackendLike } from './gpu-types.js';

/** Makes `variable`'s buffer its own (copying it when another tensor shares it); returns the variable. */
export function ownBuffer(backend: WebGpuBackendLike, variable: tf.Variable): tf.Variable {
  if (backend.refCount(variable.dataId) <= 1) return variable;
  const copy = newTensor(backend, [...variable.shape]);
  const source = gpuBuffer(backend, variable.dataId);
  const target = gpuBuffer(backend, copy.dataId);
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.commandEncoder!.copyBufferToBuffer(source, 0, target, 0, variable.size * 4);
  backend.commandQueueOwnedIds.add(variable.dataId);
  backend.commandQueueOwnedIds.add(copy.dataId);
  const tensor = tf.engine().makeTensorFromTensorInfo(copy);
  variable.assign(tensor);
  tensor.dispose();
  return variable;
}
