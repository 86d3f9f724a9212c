/** Latent codes of runs: whose they are, and their images. Reading code files: readCodeFiles of @ganforge/core/node. */
import * as tf from '@tensorflow/tfjs';
import { configHash, type CodeOwner, type LatentCode, type Projection } from '@ganforge/core/project';
import type { LoadedArchitecture } from './architectures.js';
import { UsageError } from './errors.js';

/** Who a run's codes must belong to. */
export const codeOwner = (architecture: string, config: unknown): CodeOwner => ({ architecture, config: configHash(config) });

/** Images [N, H, W, C] in [-1, 1] of a code, by the run's family; a one-line error for a family without projection. Caller disposes. */
export function renderCodes(architecture: LoadedArchitecture, generator: tf.LayersModel, config: unknown, code: LatentCode): tf.Tensor4D {
  const projection = architecture.projection as Projection<unknown> | undefined;
  if (projection === undefined) throw new UsageError(`${architecture.name} has no latent codes to read: codes come from \`ganforge project\` on a run of a family with a projection`);
  return tf.tidy(() => tf.clipByValue(projection.render(generator, config, code), -1, 1));
}
