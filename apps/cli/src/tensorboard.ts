/**
 * `ganforge train --tensorboard` / `--logdir <folder>`: TensorBoard event files beside
 * metrics.jsonl (or in the folder given), written through core's TrainRunLogger hook.
 */
import type { Command } from 'commander';
import type { TrainRunLogger } from '@ganforge/core/train';
import { tensorboardLogger } from '@ganforge/tensorboard';
import { UsageError } from './errors.js';

/** The flags, as commander parses them. */
export interface TensorboardOptions {
  tensorboard?: boolean;
  logdir?: string;
}

/** Adds --tensorboard and --logdir to `train`. */
export const withTensorboard = (command: Command): Command =>
  command
    .option('--tensorboard', 'also write TensorBoard event files (scalars, sample grids, config) in the run folder, beside metrics.jsonl')
    .option('--logdir <folder>', 'write the TensorBoard event files to this folder instead (implies --tensorboard)');

/** The run's TensorBoard logger when asked for (its file is opened now, so an unwritable folder stops the run before it trains). */
export async function tensorboardLoggers(options: TensorboardOptions, out: string): Promise<TrainRunLogger[]> {
  if (!options.tensorboard && options.logdir === undefined) return [];
  try {
    const logger = await tensorboardLogger(options.logdir ?? out);
    console.log(`TensorBoard events in ${logger.path} (tensorboard --logdir ${options.logdir ?? out})`);
    return [logger];
  } catch (error) {
    if (error instanceof Error && error.name === 'TensorBoardError') throw new UsageError(error.message);
    throw error;
  }
}
