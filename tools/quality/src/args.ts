/** `pnpm quality` options, and the selection and step scaling they ask for. */
import { parseArgs } from 'node:util';
import { tableId, type QualityFamily, type QualityRun, type TrainStage } from './declarations.js';

export interface QualityOptions {
  /** `<family>` or `<family>:<run>` entries; empty = every declared run. */
  only: string[];
  /** Multiplies every stage's --steps (at least 1 step each). */
  stepsScale: number;
  /** Rewrite the READMEs even when stepsScale is not 1. */
  write: boolean;
  /** Print the commands, run nothing, write nothing. */
  dryRun: boolean;
  help: boolean;
}

/** A usage mistake: the script prints its one-line message and exits with status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const usage = `usage: pnpm quality [--only <family>[:<run>],...] [--steps-scale <x>] [--write] [--dry-run]
  --only          families or family:run pairs to measure (default: all declared runs)
  --steps-scale   multiply every run's --steps by x, at least 1 step (a quick check); the READMEs
                  are then left as they are unless --write is given
  --write         rewrite the READMEs even with --steps-scale other than 1
  --dry-run       print the commands only`;

const optionNames = '--only, --steps-scale, --write, --dry-run, --help';

export function parseOptions(argv: string[]): QualityOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        only: { type: 'string', multiple: true },
        'steps-scale': { type: 'string' },
        write: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
    throw new UsageError(`${message}; options: ${optionNames}`);
  }
  const { values } = parsed;
  let stepsScale = 1;
  if (values['steps-scale'] !== undefined) {
    stepsScale = Number(values['steps-scale']);
    if (!Number.isFinite(stepsScale) || stepsScale <= 0) throw new UsageError(`--steps-scale ${values['steps-scale']}: needs a number above 0, e.g. 0.01`);
  }
  const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return { only, stepsScale, write: values.write ?? false, dryRun: values['dry-run'] ?? false, help: values.help ?? false };
}

/** A run picked for measuring, with its family. */
export interface Selected {
  family: QualityFamily;
  run: QualityRun;
}

/** The runs --only asks for (all when empty); a UsageError listing the families or runs for a name that matches none. */
export function selectRuns(families: QualityFamily[], only: string[]): Selected[] {
  const all = families.flatMap((family) => family.runs.map((run) => ({ family, run })));
  if (only.length === 0) return all;
  const picked = new Set<Selected>();
  for (const entry of only) {
    const [familyName, runName, ...rest] = entry.split(':');
    const family = families.find((f) => f.name === familyName);
    if (family === undefined || rest.length > 0) {
      throw new UsageError(`--only ${entry}: no such family; families with quality runs: ${families.map((f) => f.name).join(', ')}`);
    }
    const matches = all.filter((s) => s.family === family && (runName === undefined || s.run.name === runName));
    if (matches.length === 0) throw new UsageError(`--only ${entry}: ${family.name} declares no run "${runName}"; its runs: ${family.runs.map((r) => tableId(family, r)).join(', ')}`);
    matches.forEach((m) => picked.add(m));
  }
  return all.filter((s) => picked.has(s));
}

/**
 * The stages with their --steps multiplied by `scale`: at least 1 step, and each resumed stage at
 * least one step past the one before (resume needs --steps above the checkpoint's).
 */
export function scaleStages(stages: TrainStage[], scale: number): TrainStage[] {
  let previous = 0;
  return stages.map((stage) => {
    const steps = Math.max(previous + 1, Math.round(stage.steps * scale));
    previous = steps;
    return { ...stage, steps };
  });
}
