import { describe, expect, it } from 'vitest';
import { parseOptions, scaleStages, selectRuns, UsageError } from '../src/args.js';
import { parseDeclaration, type QualityFamily } from '../src/declarations.js';

const family = (name: string, runs: string[]): QualityFamily => ({
  name,
  dir: `/repo/packages/${name}`,
  path: `packages/${name}`,
  entry: `/repo/packages/${name}/dist/index.js`,
  runs: runs.map((run) => ({ name: run, readme: 'README.md', train: [{ args: ['--preset', run], steps: 100 }], evaluate: [] })),
});
const families = [family('dcgan', ['mnist', 'fashion-mnist']), family('toy', ['grid25'])];

const oneLine = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('no error');
};

describe('options', () => {
  it('reads --only, --steps-scale, --write and --dry-run', () => {
    expect(parseOptions(['--only', 'dcgan:mnist,toy', '--only', 'cgan', '--steps-scale', '0.01', '--write', '--dry-run'])).toEqual({
      only: ['dcgan:mnist', 'toy', 'cgan'],
      stepsScale: 0.01,
      write: true,
      dryRun: true,
      help: false,
    });
    expect(parseOptions([])).toMatchObject({ only: [], stepsScale: 1, write: false, dryRun: false });
  });

  it('an unknown option or a bad scale is one line', () => {
    expect(oneLine(() => parseOptions(['--nosuch']))).toBe("Unknown option '--nosuch'; options: --only, --steps-scale, --write, --dry-run, --help");
    expect(oneLine(() => parseOptions(['extra']))).toMatch(/^Unexpected argument 'extra'.*; options:/);
    expect(oneLine(() => parseOptions(['--steps-scale', '0']))).toBe('--steps-scale 0: needs a number above 0, e.g. 0.01');
    expect(oneLine(() => parseOptions(['--steps-scale', 'x']))).toContain('needs a number above 0');
  });

  it('--only picks families and family:run pairs, in declaration order', () => {
    const names = (only: string[]) => selectRuns(families, only).map((s) => `${s.family.name}:${s.run.name}`);
    expect(names([])).toEqual(['dcgan:mnist', 'dcgan:fashion-mnist', 'toy:grid25']);
    expect(names(['toy', 'dcgan:fashion-mnist'])).toEqual(['dcgan:fashion-mnist', 'toy:grid25']);
    expect(names(['dcgan'])).toEqual(['dcgan:mnist', 'dcgan:fashion-mnist']);
  });

  it('--only nosuch is one line listing the families; an unknown run lists the family\'s runs', () => {
    expect(oneLine(() => selectRuns(families, ['nosuch']))).toBe('--only nosuch: no such family; families with quality runs: dcgan, toy');
    expect(oneLine(() => selectRuns(families, ['dcgan:celeba']))).toBe('--only dcgan:celeba: dcgan declares no run "celeba"; its runs: dcgan:mnist, dcgan:fashion-mnist');
  });
});

describe('steps scale', () => {
  it('multiplies every stage, at least 1 step, each resumed stage past the one before', () => {
    const stages = [
      { args: ['--preset', 'small'], steps: 2600 },
      { args: ['--set', 'cropSize=48'], steps: 3000 },
      { args: ['--set', 'cropSize=32'], steps: 3600 },
    ];
    expect(scaleStages(stages, 1).map((s) => s.steps)).toEqual([2600, 3000, 3600]);
    expect(scaleStages(stages, 0.01).map((s) => s.steps)).toEqual([26, 30, 36]);
    expect(scaleStages(stages, 0.0001).map((s) => s.steps)).toEqual([1, 2, 3]);
    expect(scaleStages(stages, 0.01)[1]!.args).toEqual(['--set', 'cropSize=48']);
  });
});

describe('quality.json', () => {
  it('reads runs with their defaults and refuses a malformed one naming the field', () => {
    const runs = parseDeclaration(JSON.stringify({ runs: { grid25: { train: [{ args: ['--preset', 'grid25'], steps: 3000 }] } } }), 'q.json');
    expect(runs).toEqual([{ name: 'grid25', readme: 'README.md', train: [{ args: ['--preset', 'grid25'], steps: 3000 }], evaluate: [] }]);
    const bad = (run: unknown) => () => parseDeclaration(JSON.stringify({ runs: { r: run } }), 'q.json');
    expect(bad({ train: [] })).toThrow('q.json: runs.r.train: needs at least one');
    expect(bad({ train: [{ args: ['--steps', '5'], steps: 5 }] })).toThrow('leave --steps, --out and --resume out');
    expect(bad({ train: [{ args: [], steps: 0 }] })).toThrow('runs.r.train[0].steps: needs a positive integer');
    expect(bad({ train: [{ args: [], steps: 5 }, { args: [], steps: 5 }] })).toThrow('a resumed stage trains to more steps');
  });
});
