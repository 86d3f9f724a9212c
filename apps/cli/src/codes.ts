/** Latent code files (`ganforge project` writes them) read back for a run: checked against its family and config. */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { codeFromFile, concatCodes, configHash, disposeCode, type CodeOwner, type LatentCode, type Projection } from '@ganforge/core/project';
import type { LoadedArchitecture } from './architectures.js';
import { UsageError } from './errors.js';

/** Who a run's codes must belong to. */
export const codeOwner = (architecture: string, config: unknown): CodeOwner => ({ architecture, config: configHash(config) });

/**
 * The codes in `files`, stacked [N, ...]. An unreadable file, one that is not a code, or one of
 * another run is a one-line error (CodeError or UsageError). Caller disposes.
 */
export async function readCodes(files: string[], owner: CodeOwner): Promise<LatentCode> {
  const codes: LatentCode[] = [];
  try {
    for (const file of files) {
      let json: unknown;
      try {
        json = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new UsageError(`cannot read the code file "${file}": ${(error as Error).message}`);
      }
      codes.push(codeFromFile(json, owner, file).code);
    }
    return codes.length === 1 ? codes[0]! : concatCodes(codes, `the code files ${files.join(', ')}`);
  } finally {
    if (codes.length > 1) codes.forEach(disposeCode);
  }
}

/** Images [N, H, W, C] in [-1, 1] of a code, by the run's family; a one-line error for a family without projection. Caller disposes. */
export function renderCodes(architecture: LoadedArchitecture, generator: tf.LayersModel, config: unknown, code: LatentCode): tf.Tensor4D {
  const projection = architecture.projection as Projection<unknown> | undefined;
  if (projection === undefined) throw new UsageError(`${architecture.name} has no latent codes to read: codes come from \`ganforge project\` on a run of a family with a projection`);
  return tf.tidy(() => tf.clipByValue(projection.render(generator, config, code), -1, 1));
}
