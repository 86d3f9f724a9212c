/**
 * `pnpm quality`: reruns every declared quality run through the built CLI, exactly as a user runs
 * it (`ganforge train ... --out <tmp run>`, then `ganforge evaluate <run> --json <file>`), and
 * rewrites the README table between the run's markers with the figures, the date, the commit, the
 * machine, the backend and the wall times. One line per run on stdout; every problem is one line
 * on stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import { access, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseOptions, scaleStages, selectRuns, usage, UsageError, type Selected } from './args.js';
import { DeclarationError, qualityFamilies, tableId, type QualityFamily, type TrainStage } from './declarations.js';
import { checkMarkers, MarkerError, metricRows, renderBlock, replaceBlock, seconds } from './tables.js';

/** What a family's Architecture tells the script: its data kind and its presets' data. */
export interface FamilyFacts {
  data: string;
  presets: Record<string, { data?: string }>;
}

/** Everything main touches outside its arguments, so tests can stand in for it. */
export interface QualityEnv {
  /** Repository root: pnpm-workspace.yaml, the READMEs, the CLI. */
  root: string;
  log: (line: string) => void;
  error: (line: string) => void;
  /** The built CLI. Default <root>/apps/cli/dist/bin.js. */
  cli?: string;
  /** The family's data kind and presets. Default: imported from the package's built entry. */
  familyFacts?: (family: QualityFamily) => Promise<FamilyFacts>;
  /** Names of the built-in datasets. Default: core's builtinDatasets and builtinFolderDatasets. */
  builtinData?: () => Promise<readonly string[]>;
  /** Where run folders go. Default: a fresh folder under the OS temp dir. */
  workDir?: () => Promise<string>;
  /** Today, for the table. */
  now?: () => Date;
}

/** One planned run: the commands, and what they write. */
interface Plan extends Selected {
  id: string;
  readme: string;
  stages: TrainStage[];
  steps: number;
}

const exists = (path: string) => access(path).then(() => true, () => false);
const flag = (args: string[], name: string) => {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
};

async function defaultFamilyFacts(family: QualityFamily): Promise<FamilyFacts> {
  const module = (await import(pathToFileURL(family.entry).href)) as Record<string, FamilyFacts | undefined>;
  const architecture = module[family.name];
  if (architecture === undefined) throw new DeclarationError(`${family.path}: its entry point exports no "${family.name}" (build it first: pnpm build)`);
  return architecture;
}

async function defaultBuiltinData(): Promise<readonly string[]> {
  const node = await import('@ganforge/core/node');
  return [...node.builtinDatasets, ...node.builtinFolderDatasets];
}

/** Why a run's data is not here (one line), or undefined when it is. */
async function missingData(plan: Plan, facts: FamilyFacts, builtins: readonly string[], root: string): Promise<string | undefined> {
  const args = plan.run.train[0]!.args;
  const presetName = flag(args, '--preset');
  const preset = presetName === undefined ? undefined : facts.presets[presetName];
  if (presetName !== undefined && preset === undefined) {
    throw new DeclarationError(`${plan.family.path}/quality.json: runs.${plan.run.name} asks for preset "${presetName}", which ${plan.family.name} does not have; its presets: ${Object.keys(facts.presets).join(', ')}`);
  }
  const source = flag(args, '--data') ?? preset?.data;
  if (source === undefined) return facts.data === 'synthetic' ? undefined : `${presetName ? `preset ${presetName}` : 'the run'} names no data (it trains on a folder passed with --data)`;
  if ((await exists(resolve(root, source))) || builtins.includes(source)) return undefined;
  return `its data "${source}" is neither a folder here nor a built-in dataset (${builtins.join(', ')})`;
}

/** The CLI argument lists of a plan, `run` standing for the run folder. */
function commands(plan: Plan, run: string, json?: string): { train: string[][]; evaluate: string[] } {
  const train = plan.stages.map((stage, i) =>
    i === 0
      ? ['train', plan.family.name, ...stage.args, '--steps', String(stage.steps), '--out', run]
      : ['train', plan.family.name, '--resume', run, ...stage.args, '--steps', String(stage.steps)],
  );
  return { train, evaluate: ['evaluate', run, ...plan.run.evaluate, ...(json ? ['--json', json] : [])] };
}

/** An argument as a shell reads it; `<run>` (the run folder in printed commands) stays as it is. */
const quote = (arg: string) => (/^([\w@%+=:,./-]|<run>)+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
const commandLine = (args: string[]) => ['ganforge', ...args.map(quote)].join(' ');

/** Runs the CLI with `args`, its output into `logFile`; resolves with its exit status and wall seconds. */
async function runCli(cli: string, args: string[], root: string, logFile: string): Promise<{ status: number; seconds: number }> {
  const log = await open(logFile, 'a');
  await log.write(`$ ${commandLine(args)}\n`);
  const started = performance.now();
  try {
    const status = await new Promise<number>((done, fail) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', log.fd, log.fd] });
      child.on('error', fail);
      child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
    });
    return { status, seconds: (performance.now() - started) / 1000 };
  } finally {
    await log.close();
  }
}

/** The last non-empty line of a log, for a one-line failure message. */
async function lastLine(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? '';
}

/** Short commit hash, marked when the working tree had uncommitted changes to tracked files. */
function commitOf(root: string): string {
  const hash = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).stdout.trim() !== '';
  return dirty ? `${hash} + uncommitted changes` : hash;
}

const machineOf = () => {
  const list = cpus();
  return `${list[0]?.model.trim().replace(/\s+/g, ' ') ?? 'unknown CPU'}, ${list.length} cores`;
};

interface BackendJson {
  backend?: string;
  provider?: string;
  threads?: number;
  adapter?: { description?: string; vendor?: string; architecture?: string };
}

const backendOf = (b: BackendJson | undefined) => {
  if (b?.backend === undefined) return 'unknown';
  const adapter = b.adapter ? [b.adapter.vendor, b.adapter.architecture, b.adapter.description].filter(Boolean).join(' ') : undefined;
  return `${b.backend} (${b.provider ?? '?'}, ${adapter ?? `${b.threads ?? '?'} thread${b.threads === 1 ? '' : 's'}`})`;
};

/** Runs `pnpm quality` with `argv`; resolves with the exit status (0 ok, 1 a run failed, 2 a usage or declaration error). */
export async function main(argv: string[], env: QualityEnv): Promise<number> {
  const { root, log, error } = env;
  let options;
  let selected: Selected[];
  try {
    options = parseOptions(argv);
    if (options.help) {
      log(usage);
      return 0;
    }
    selected = selectRuns(await qualityFamilies(root), options.only);
  } catch (e) {
    if (e instanceof UsageError || e instanceof DeclarationError) {
      error(`quality: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const write = options.stepsScale === 1 || options.write;
  const familyFacts = env.familyFacts ?? defaultFamilyFacts;
  const builtins = await (env.builtinData ?? defaultBuiltinData)();
  const commit = commitOf(root);
  let failed = false;

  // Plan every run first, so a missing marker or missing data shows before hours of training.
  const plans: Plan[] = [];
  for (const s of selected) {
    const id = tableId(s.family, s.run);
    const readme = join(s.family.dir, s.run.readme);
    const stages = scaleStages(s.run.train, options.stepsScale);
    const plan: Plan = { ...s, id, readme, stages, steps: stages[stages.length - 1]!.steps };
    try {
      checkMarkers(await readFile(readme, 'utf8').catch(() => ''), id, relative(root, readme));
      const missing = await missingData(plan, await familyFacts(s.family), builtins, root);
      if (missing !== undefined) {
        log(`${id}: skipped: ${missing}`);
        continue;
      }
    } catch (e) {
      if (!(e instanceof MarkerError || e instanceof DeclarationError)) throw e;
      error(`quality: ${e.message}`);
      failed = true;
      continue;
    }
    plans.push(plan);
  }

  if (options.dryRun) {
    for (const plan of plans) {
      const { train, evaluate } = commands(plan, '<run>', '<run>/quality.json');
      log(`${plan.id} -> ${relative(root, plan.readme)}`);
      for (const args of [...train, evaluate]) log(`  ${commandLine(args)}`);
    }
    return failed ? 1 : 0;
  }

  const cli = env.cli ?? join(root, 'apps', 'cli', 'dist', 'bin.js');
  if (plans.length > 0 && !(await exists(cli))) {
    error(`quality: the CLI is not built (${relative(root, cli)}); run pnpm build first`);
    return 2;
  }
  for (const plan of plans) {
    const work = await (env.workDir ?? (() => mkdtemp(join(tmpdir(), 'ganforge-quality-'))))();
    const run = join(work, 'run');
    const json = join(work, 'evaluate.json');
    const logFile = join(work, 'log.txt');
    const { train, evaluate } = commands(plan, run, json);
    let trainSeconds = 0;
    let status = 0;
    for (const args of train) {
      const result = await runCli(cli, args, root, logFile);
      trainSeconds += result.seconds;
      status = result.status;
      if (status !== 0) break;
    }
    if (status !== 0) {
      error(`quality: ${plan.id}: train failed (exit ${status}) after ${seconds(trainSeconds)} s: ${await lastLine(logFile)} (log: ${logFile})`);
      failed = true;
      continue;
    }
    const evaluated = await runCli(cli, evaluate, root, logFile);
    if (evaluated.status !== 0) {
      error(`quality: ${plan.id}: evaluate failed (exit ${evaluated.status}): ${await lastLine(logFile)} (log: ${logFile})`);
      failed = true;
      continue;
    }
    let block: string;
    try {
      const result = JSON.parse(await readFile(json, 'utf8')) as { metrics: Record<string, unknown>; backend?: BackendJson };
      const shown = commands(plan, '<run>');
      block = renderBlock(
        metricRows(result.metrics, plan.run.metrics),
        {
          date: (env.now?.() ?? new Date()).toISOString().slice(0, 10),
          commit,
          machine: machineOf(),
          backend: backendOf(result.backend),
          trainSeconds,
          evaluateSeconds: evaluated.seconds,
          steps: plan.steps,
          stepsScale: options.stepsScale,
          commands: [...shown.train, shown.evaluate].map(commandLine),
        },
        plan.run.note,
      );
    } catch (e) {
      error(`quality: ${plan.id}: ${(e as Error).message} (log: ${logFile})`);
      failed = true;
      continue;
    }
    const where = relative(root, plan.readme);
    const timing = `${plan.id}: train ${seconds(trainSeconds)} s (${plan.steps} steps), evaluate ${seconds(evaluated.seconds)} s`;
    if (write) {
      try {
        await writeFile(plan.readme, replaceBlock(await readFile(plan.readme, 'utf8'), plan.id, block, where));
      } catch (e) {
        if (!(e instanceof MarkerError)) throw e;
        error(`quality: ${e.message}`);
        failed = true;
        continue;
      }
      log(`${timing}; wrote ${where}`);
    } else {
      log(`${timing}; ${where} left as it is (steps scale ${options.stepsScale}; --write rewrites it):`);
      for (const line of block.split('\n')) log(`    ${line}`);
    }
    await rm(work, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}
