// main() on a scratch workspace with one family and a stand-in CLI (a script that records its
// arguments and writes evaluate's JSON), so the whole flow runs in milliseconds, no training.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type QualityEnv } from '../src/main.js';

const readme = `# fam

Intro.

<!-- quality:fam:digits -->
| old | figures |
<!-- /quality:fam:digits -->

<!-- quality:fam:folder -->
old folder table
<!-- /quality:fam:folder -->

Outro.
`;

const quality = {
  runs: {
    digits: { train: [{ args: ['--preset', 'digits'], steps: 200 }, { args: ['--set', 'x=1'], steps: 300 }], evaluate: ['--samples', '10'], metrics: ['fd.value', 'modes'] },
    folder: { train: [{ args: ['--preset', 'folder'], steps: 100 }], evaluate: [] },
  },
};

/** The stand-in CLI: appends its argv to calls.jsonl; `evaluate` writes a JSON like ganforge's; FAIL_TRAIN=1 makes train fail. */
const fakeCli = `
import { appendFileSync, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
appendFileSync(process.env.CALLS, JSON.stringify(args) + '\\n');
if (args[0] === 'train' && process.env.FAIL_TRAIN) { console.error('ganforge: NaN loss at step 3'); process.exit(1); }
if (args[0] === 'evaluate') {
  const json = args[args.indexOf('--json') + 1];
  writeFileSync(json, JSON.stringify({ backend: { backend: 'wasm', provider: '@tensorflow/tfjs-backend-wasm', threads: 2 },
    metrics: { fd: { title: 'Fréchet distance', value: 12.3456, realCount: 10, fakeCount: 10 }, modes: 25 } }));
}
`;

let root: string;
let out: string[];
let err: string[];
let env: QualityEnv;
let calls: () => Promise<string[][]>;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'quality-test-'));
  await writeFile(join(root, 'pnpm-workspace.yaml'), "packages:\n  - 'packages/*'\n");
  const dir = join(root, 'packages', 'fam');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: '@x/fam', ganforge: { family: 'fam' }, exports: { '.': { default: './dist/index.js' } } }));
  await writeFile(join(dir, 'quality.json'), JSON.stringify(quality));
  await writeFile(join(dir, 'README.md'), readme);
  await writeFile(join(root, 'cli.mjs'), fakeCli);
  process.env.CALLS = join(root, 'calls.jsonl');
  delete process.env.FAIL_TRAIN;
  out = [];
  err = [];
  let work = 0;
  env = {
    root,
    log: (line) => out.push(line),
    error: (line) => err.push(line),
    cli: join(root, 'cli.mjs'),
    familyFacts: async () => ({ data: 'images', presets: { digits: { data: 'mnist' }, folder: { data: 'datasets/faces' } } }),
    builtinData: async () => ['mnist'],
    workDir: async () => {
      const dir = join(root, `work-${work++}`);
      await mkdir(dir);
      return dir;
    },
    now: () => new Date('2026-12-05T10:00:00Z'),
  };
  calls = async () =>
    (await readFile(join(root, 'calls.jsonl'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as string[]);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const readmeNow = () => readFile(join(root, 'packages', 'fam', 'README.md'), 'utf8');

describe('pnpm quality', () => {
  it('--only nosuch: one line listing the families, exit status 2, nothing run', async () => {
    expect(await main(['--only', 'nosuch'], env)).toBe(2);
    expect(err).toEqual(['quality: --only nosuch: no such family; families with quality runs: fam']);
    expect(await calls()).toEqual([]);
  });

  it('an unknown option: one line, exit status 2', async () => {
    expect(await main(['--fast'], env)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^quality: Unknown option '--fast'; options: /);
  });

  it('skips a preset whose data folder is missing with one line, and measures the others', async () => {
    expect(await main([], env)).toBe(0);
    expect(out.filter((l) => l.includes('skipped'))).toEqual([
      'fam:folder: skipped: its data "datasets/faces" is neither a folder here nor a built-in dataset (mnist)',
    ]);
    expect(err).toEqual([]);
    expect((await calls()).map((c) => c.slice(0, 2))).toEqual([['train', 'fam'], ['train', 'fam'], ['evaluate', expect.any(String)]]);
    expect(await readmeNow()).toContain('old folder table');
  });

  it('measures once the folder exists', async () => {
    await mkdir(join(root, 'datasets', 'faces'), { recursive: true });
    expect(await main(['--only', 'fam:folder'], env)).toBe(0);
    expect(out.some((l) => l.includes('skipped'))).toBe(false);
    expect(await readmeNow()).not.toContain('old folder table');
  });

  it('runs the declared commands and rewrites only the table between the markers', async () => {
    expect(await main(['--only', 'fam:digits'], env)).toBe(0);
    const [first, second, evaluate] = await calls();
    const run = first![first!.indexOf('--out') + 1]!;
    expect(first).toEqual(['train', 'fam', '--preset', 'digits', '--steps', '200', '--out', run]);
    expect(second).toEqual(['train', 'fam', '--resume', run, '--set', 'x=1', '--steps', '300']);
    expect(evaluate).toEqual(['evaluate', run, '--samples', '10', '--json', expect.stringMatching(/evaluate\.json$/)]);
    const text = await readmeNow();
    expect(text).toContain('<!-- quality:fam:digits -->\n| metric | value |\n| --- | --- |\n| Fréchet distance | 12.35 |\n| modes | 25 |\n');
    expect(text).toMatch(/measured 2026-12-05 on commit \S+.*, \d+ cores, backend wasm \(@tensorflow\/tfjs-backend-wasm, 2 threads\), wall time train [\d.]+ s \/ evaluate [\d.]+ s, steps 300 \(steps scale 1\)/);
    expect(text).toContain('ganforge train fam --resume <run> --set x=1 --steps 300');
    expect(text.startsWith('# fam\n\nIntro.\n\n<!-- quality:fam:digits -->\n')).toBe(true);
    expect(text.endsWith('<!-- /quality:fam:digits -->\n\n<!-- quality:fam:folder -->\nold folder table\n<!-- /quality:fam:folder -->\n\nOutro.\n')).toBe(true);
    expect(out).toEqual([expect.stringMatching(/^fam:digits: train [\d.]+ s \(300 steps\), evaluate [\d.]+ s; wrote packages\/fam\/README.md$/)]);
  });

  it('--steps-scale scales every stage and leaves the README alone unless --write', async () => {
    expect(await main(['--only', 'fam:digits', '--steps-scale', '0.01'], env)).toBe(0);
    expect((await calls()).filter((c) => c[0] === 'train').map((c) => c[c.indexOf('--steps') + 1])).toEqual(['2', '3']);
    expect(await readmeNow()).toBe(readme);
    expect(out[0]).toMatch(/^fam:digits: train .* left as it is \(steps scale 0.01; --write rewrites it\):$/);
    expect(out.join('\n')).toContain('| Fréchet distance | 12.35 |');

    expect(await main(['--only', 'fam:digits', '--steps-scale', '0.01', '--write'], env)).toBe(0);
    expect(await readmeNow()).toContain('steps 3 (steps scale 0.01)');
  });

  it('--dry-run prints the commands and runs nothing', async () => {
    expect(await main(['--dry-run', '--only', 'fam:digits'], env)).toBe(0);
    expect(out).toEqual([
      'fam:digits -> packages/fam/README.md',
      '  ganforge train fam --preset digits --steps 200 --out <run>',
      '  ganforge train fam --resume <run> --set x=1 --steps 300',
      '  ganforge evaluate <run> --samples 10 --json <run>/quality.json',
    ]);
    expect(await calls()).toEqual([]);
  });

  it('a README without the markers: one line before any training, exit status 1', async () => {
    await writeFile(join(root, 'packages', 'fam', 'README.md'), '# fam\n');
    expect(await main(['--only', 'fam:digits'], env)).toBe(1);
    expect(err).toEqual(['quality: packages/fam/README.md has no <!-- quality:fam:digits --> ... <!-- /quality:fam:digits --> pair; add it where the table belongs']);
    expect(await calls()).toEqual([]);
  });

  it('a failed training: one line with its last log line, README untouched, exit status 1', async () => {
    process.env.FAIL_TRAIN = '1';
    expect(await main(['--only', 'fam:digits'], env)).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^quality: fam:digits: train failed \(exit 1\) after [\d.]+ s: ganforge: NaN loss at step 3 \(log: .*log\.txt\)$/)]);
    expect(await readmeNow()).toBe(readme);
  });

  it('a preset the family does not have is a declaration error naming the file', async () => {
    env.familyFacts = async () => ({ data: 'images', presets: { folder: {} } });
    expect(await main(['--only', 'fam:digits'], env)).toBe(1);
    expect(err).toEqual(['quality: packages/fam/quality.json: runs.digits asks for preset "digits", which fam does not have; its presets: folder']);
  });
});
