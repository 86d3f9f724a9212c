/**
 * Checkpoints: `<run>/checkpoint/` holds checkpoint.json, one LayersModel folder per network under
 * networks/, and the optimizers' state under optimizers/. A checkpoint is written to a temporary
 * folder and renamed into place, so a crash never leaves a half-written one: the previous complete
 * checkpoint stays until the new one is whole.
 */
import { access, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { BackendReport } from '../backend/init.js';
import type { Adam } from '../train/adam.js';
import { loadModel, loadTensors, saveModel, saveTensors } from './model-io.js';

/** Version of the checkpoint layout; readers refuse newer ones. */
export const checkpointFormat = 1;

export interface CheckpointMeta {
  format: number;
  architecture: string;
  /** Version of the architecture package that wrote it. */
  packageVersion: string;
  /** The full, fitted config. */
  config: Record<string, unknown>;
  /** Training iterations completed. */
  step: number;
  /** Run seed: with `step` and `batchesDrawn` it fixes all later randomness. */
  seed: number;
  /** Real batches read so far (the data loader's position). */
  batchesDrawn: number;
  /** Backend that wrote it. */
  backend: BackendReport;
  /** ISO time it was written. */
  time: string;
  /** Where the data came from and its shape. */
  data: {
    source: string;
    count: number;
    height: number;
    width: number;
    channels: 1 | 3;
    classNames: string[];
    /** Translation families: images in the source set, and whether they pair with the targets. */
    sourceCount?: number;
    paired?: boolean;
  };
  /** Network folders under networks/. */
  networks: string[];
  /** The `--preset` the run started from, when it had one (checkpoints before this field have none). */
  preset?: string;
  /** Updates each optimizer has applied. */
  optimizerSteps: Record<string, number>;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

const exists = (path: string) => access(path).then(() => true, () => false);

/** Folder of the latest complete checkpoint of a run. */
export const checkpointDir = (runDir: string): string => join(runDir, 'checkpoint');
const previousDir = (runDir: string) => join(runDir, '.checkpoint-previous');

/** Writes a checkpoint atomically and returns its folder. */
export async function writeCheckpoint(
  runDir: string,
  meta: CheckpointMeta,
  nets: Record<string, tf.LayersModel>,
  optimizers: Record<string, Adam>,
): Promise<string> {
  const tmp = join(runDir, `.checkpoint-writing-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, 'optimizers'), { recursive: true });
  for (const [name, model] of Object.entries(nets)) await saveModel(model, join(tmp, 'networks', name));
  for (const [name, optimizer] of Object.entries(optimizers)) {
    await saveTensors(optimizer.stateTensors(), join(tmp, 'optimizers', name));
  }
  await writeFile(join(tmp, 'checkpoint.json'), `${JSON.stringify(meta, null, 2)}\n`);

  const final = checkpointDir(runDir);
  const previous = previousDir(runDir);
  await rm(previous, { recursive: true, force: true });
  if (await exists(final)) await rename(final, previous);
  await rename(tmp, final);
  await rm(previous, { recursive: true, force: true });
  return final;
}

/**
 * Finds and reads a checkpoint from a run folder or a checkpoint folder. Falls back to the previous
 * checkpoint when a crash happened between the two renames of writeCheckpoint.
 */
export async function readCheckpoint(path: string): Promise<{ dir: string; meta: CheckpointMeta }> {
  if (!(await exists(path))) {
    throw new CheckpointError(`checkpoint "${path}" does not exist; pass a run folder written by \`ganforge train --out\``);
  }
  if (!(await stat(path)).isDirectory()) {
    throw new CheckpointError(`checkpoint "${path}" is not a folder; pass a run folder written by \`ganforge train --out\``);
  }
  const candidates = [path, checkpointDir(path), previousDir(path)];
  let dir: string | undefined;
  for (const candidate of candidates) {
    if (await exists(join(candidate, 'checkpoint.json'))) {
      dir = candidate;
      break;
    }
  }
  if (dir === undefined) {
    throw new CheckpointError(`no checkpoint in "${path}" (no checkpoint.json); train with \`ganforge train --out ${path}\` first`);
  }
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8')) as CheckpointMeta;
  } catch (error) {
    throw new CheckpointError(`"${join(dir, 'checkpoint.json')}" is not valid JSON (${(error as Error).message}); the checkpoint is damaged`);
  }
  if (typeof meta.format !== 'number' || meta.format > checkpointFormat) {
    throw new CheckpointError(
      `checkpoint "${dir}" has format ${meta.format}, newer than the ${checkpointFormat} this @ganforge/core reads; upgrade @ganforge/core`,
    );
  }
  return { dir, meta };
}

/** Loads the checkpoint's networks by name. */
export async function loadCheckpointNetworks(dir: string, meta: CheckpointMeta): Promise<Record<string, tf.LayersModel>> {
  const nets: Record<string, tf.LayersModel> = {};
  for (const name of meta.networks) nets[name] = await loadModel(join(dir, 'networks', name));
  return nets;
}

/** Loads the state of one optimizer into `optimizer`. */
export async function loadOptimizerState(dir: string, meta: CheckpointMeta, name: string, optimizer: Adam): Promise<void> {
  const tensors = await loadTensors(join(dir, 'optimizers', name));
  try {
    optimizer.loadState(meta.optimizerSteps[name] ?? 0, tensors);
  } finally {
    Object.values(tensors).forEach((t) => t.dispose());
  }
}
