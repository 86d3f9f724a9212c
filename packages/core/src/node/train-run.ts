/**
 * core's training loop (train/loop.ts) on the file system. Run folder: checkpoint/ (latest complete
 * checkpoint), samples/step-NNNNNN.png, metrics.jsonl (one line per iteration; with evaluateEvery,
 * an `evaluation` object on every Nth).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainHyperparameters } from '../family/architecture.js';
import { encodePng } from '../image/image.js';
import type { CheckpointMeta } from '../train/checkpoint-meta.js';
import { trainLoop, type ResumePoint, type RunStorage, type TrainLoopOptions, type TrainRunResult } from '../train/loop.js';
import { loadCheckpointNetworks, loadOptimizerState, writeCheckpoint } from './checkpoint.js';

export interface TrainRunOptions<C extends TrainHyperparameters> extends Omit<TrainLoopOptions<C>, 'storage' | 'resume'> {
  /** Run folder. */
  out: string;
  /** Continue from this checkpoint (its folder and metadata, as readCheckpoint returns them). */
  resume?: { dir: string; meta: CheckpointMeta };
}

/** Trains into the run folder `out`: core's loop with records, grids and checkpoints as files. */
export async function trainRun<C extends TrainHyperparameters>(options: TrainRunOptions<C>): Promise<TrainRunResult> {
  const { out, resume, ...loop } = options;
  await mkdir(join(out, 'samples'), { recursive: true });
  return trainLoop({ ...loop, storage: runFolder(out), ...(resume ? { resume: resumePoint(resume) } : {}) });
}

/** The loop's ResumePoint for a checkpoint folder (its folder and metadata, as readCheckpoint returns them). */
export function resumePoint(checkpoint: { dir: string; meta: CheckpointMeta }): ResumePoint {
  const { dir, meta } = checkpoint;
  return {
    location: dir,
    meta,
    networks: () => loadCheckpointNetworks(dir, meta),
    loadOptimizer: (name, optimizer) => loadOptimizerState(dir, meta, name, optimizer),
  };
}

/** A run folder as the loop's storage: metrics.jsonl, samples/step-NNNNNN.png, checkpoint/. */
function runFolder(out: string): RunStorage {
  const logPath = join(out, 'metrics.jsonl');
  return {
    truncateLog: async (step) => {
      const text = await readFile(logPath, 'utf8').catch(() => '');
      if (!text) return;
      const kept = text.split('\n').filter((line) => line && (JSON.parse(line) as { step: number }).step <= step);
      await writeFile(logPath, kept.map((line) => `${line}\n`).join(''));
    },
    appendLog: (record) => writeFile(logPath, `${JSON.stringify(record)}\n`, { flag: 'a' }),
    writeSamples: (step, grid) => writeFile(join(out, 'samples', `step-${String(step).padStart(6, '0')}.png`), encodePng(grid)),
    writeCheckpoint: (meta, nets, optimizers) => writeCheckpoint(out, meta, nets, optimizers),
  };
}
