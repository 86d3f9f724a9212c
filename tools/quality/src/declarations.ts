/**
 * What a family measures, as it declares it in `quality.json` beside its package.json. The script
 * finds every workspace package whose package.json says `"ganforge": { "family": ... }` and that
 * has a quality.json; it never names a family.
 *
 * quality.json lives in the package folder, not on the family's Architecture object (where
 * `benchmarks` live): it names README files and repository paths (packages/srgan/images/train) that
 * only exist in this repository, not in the published package, and it must be readable without a
 * build (--dry-run, tests).
 */
import { access, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** One `ganforge train` call of a run: the first starts the run, the others resume it. */
export interface TrainStage {
  /** Arguments after `ganforge train <family>`, as the README documents them, without --steps and --out. */
  args: string[];
  /** --steps of this call: steps in total after it (the README's figure; --steps-scale multiplies it). */
  steps: number;
}

/** One measured figure set: a train command (in stages), an evaluate command, a README table. */
export interface QualityRun {
  /** Usually the preset's name; `--only <family>:<name>` picks it. */
  name: string;
  /** The README the table is in, relative to the family's package folder. Default README.md. */
  readme: string;
  /** `ganforge train` calls, in order; all but the first resume the same run folder. */
  train: TrainStage[];
  /** Arguments after `ganforge evaluate <run>`, without --json. */
  evaluate: string[];
  /**
   * Which figures of evaluate's JSON `metrics` the table shows, as paths (`fd.value`, `kid.mean`,
   * `modes`), in order. Default: every number at the top level, and every number one level down
   * except counts.
   */
  metrics?: string[];
  /** One line placed above the table, e.g. what the metrics are measured on. */
  note?: string;
}

/** A workspace package that declares quality runs. */
export interface QualityFamily {
  /** The family's export name (package.json `ganforge.family`), also the CLI's architecture argument. */
  name: string;
  /** Absolute path of the package folder. */
  dir: string;
  /** The package folder relative to the repository root, for messages. */
  path: string;
  /** The package's entry point for `import` (its built dist), to read the presets from. */
  entry: string;
  runs: QualityRun[];
}

interface PackageJson {
  name?: string;
  ganforge?: { family?: string };
  exports?: string | Record<string, unknown>;
  main?: string;
}

/** A quality.json that does not have the declared shape: the message names the file and the field. */
export class DeclarationError extends Error {
  override name = 'DeclarationError';
}

const exists = (path: string) => access(path).then(() => true, () => false);

/** Package folders of the workspace: the `dir/*` and `dir` patterns of pnpm-workspace.yaml. */
export async function workspaceDirs(root: string): Promise<string[]> {
  const yaml = await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const patterns = [...yaml.matchAll(/^\s*-\s*['"]?([^'"#\s]+)['"]?/gm)].map((m) => m[1]!);
  const dirs: string[] = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      const names = await readdir(parent, { withFileTypes: true }).catch(() => []);
      dirs.push(...names.filter((e) => e.isDirectory()).map((e) => join(parent, e.name)).sort());
    } else {
      dirs.push(join(root, pattern));
    }
  }
  return dirs;
}

/** The file the package's "." export names for `import` (the built one, not the source condition). */
function entryOf(dir: string, json: PackageJson): string {
  const dot = typeof json.exports === 'object' && json.exports !== null ? (json.exports['.'] ?? json.exports) : json.exports;
  const target = typeof dot === 'string' ? dot : typeof dot === 'object' && dot !== null ? ((dot as Record<string, unknown>).import ?? (dot as Record<string, unknown>).default) : undefined;
  return join(dir, typeof target === 'string' ? target : (json.main ?? 'index.js'));
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The runs of one quality.json, checked field by field. */
export function parseDeclaration(text: string, file: string): QualityRun[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DeclarationError(`${file}: not JSON (${(error as Error).message})`);
  }
  const runs = (json as { runs?: unknown }).runs;
  if (typeof runs !== 'object' || runs === null || Array.isArray(runs)) throw new DeclarationError(`${file}: needs "runs": { "<name>": { train, evaluate, ... } }`);
  return Object.entries(runs as Record<string, Record<string, unknown>>).map(([name, run]) => {
    const where = `${file}: runs.${name}`;
    const train = run.train;
    if (!Array.isArray(train) || train.length === 0) throw new DeclarationError(`${where}.train: needs at least one { "args": [...], "steps": n }`);
    const stages = train.map((stage: Record<string, unknown>, i): TrainStage => {
      if (!isStringArray(stage.args)) throw new DeclarationError(`${where}.train[${i}].args: needs an array of strings`);
      if (!Number.isInteger(stage.steps) || (stage.steps as number) < 1) throw new DeclarationError(`${where}.train[${i}].steps: needs a positive integer`);
      if (stage.args.some((a) => ['--steps', '--out', '--resume'].includes(a))) {
        throw new DeclarationError(`${where}.train[${i}].args: leave --steps, --out and --resume out (the script adds them)`);
      }
      return { args: stage.args, steps: stage.steps as number };
    });
    stages.forEach((stage, i) => {
      if (i > 0 && stage.steps <= stages[i - 1]!.steps) throw new DeclarationError(`${where}.train[${i}].steps: a resumed stage trains to more steps than the one before`);
    });
    if (run.evaluate !== undefined && !isStringArray(run.evaluate)) throw new DeclarationError(`${where}.evaluate: needs an array of strings`);
    if (run.metrics !== undefined && !isStringArray(run.metrics)) throw new DeclarationError(`${where}.metrics: needs an array of strings`);
    if (run.readme !== undefined && typeof run.readme !== 'string') throw new DeclarationError(`${where}.readme: needs a path`);
    if (run.note !== undefined && typeof run.note !== 'string') throw new DeclarationError(`${where}.note: needs a string`);
    return {
      name,
      readme: (run.readme as string | undefined) ?? 'README.md',
      train: stages,
      evaluate: (run.evaluate as string[] | undefined) ?? [],
      ...(run.metrics === undefined ? {} : { metrics: run.metrics as string[] }),
      ...(run.note === undefined ? {} : { note: run.note as string }),
    };
  });
}

/** Every workspace family with a quality.json, in workspace order. */
export async function qualityFamilies(root: string): Promise<QualityFamily[]> {
  const families: QualityFamily[] = [];
  for (const dir of await workspaceDirs(root)) {
    const file = join(dir, 'quality.json');
    if (!(await exists(file))) continue;
    const json = (await readFile(join(dir, 'package.json'), 'utf8').then(JSON.parse, () => undefined)) as PackageJson | undefined;
    const name = json?.ganforge?.family;
    if (json === undefined || typeof name !== 'string') throw new DeclarationError(`${relative(root, file)}: its package.json declares no family ("ganforge": { "family": "<export>" })`);
    const path = relative(root, dir);
    families.push({ name, dir, path, entry: entryOf(dir, json), runs: parseDeclaration(await readFile(file, 'utf8'), relative(root, file)) });
  }
  return families;
}

/** The README table's id: `<!-- quality:<id> -->`. */
export const tableId = (family: QualityFamily, run: QualityRun) => `${family.name}:${run.name}`;
