// One real run through the built CLI: toy's declared grid25 run at a steps scale that gives 2
// steps, into a scratch copy of toy's package folder (quality.json and README.md), so the repo's
// README is never touched.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { toy } from '@ganforge/toy';
import { main } from '../src/main.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

it('toy:grid25 at 2 steps: trains, evaluates and rewrites the copied README table', async () => {
  const root = await mkdtemp(join(tmpdir(), 'quality-e2e-'));
  try {
    await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
    const dir = join(root, 'packages', 'toy');
    await mkdir(dir, { recursive: true });
    for (const file of ['package.json', 'quality.json', 'README.md']) await copyFile(join(repo, 'packages', 'toy', file), join(dir, file));
    const before = await readFile(join(dir, 'README.md'), 'utf8');
    const out: string[] = [];
    const err: string[] = [];
    const status = await main(['--only', 'toy:grid25', '--steps-scale', '0.0005', '--write'], {
      root,
      log: (l) => out.push(l),
      error: (l) => err.push(l),
      cli: join(repo, 'apps', 'cli', 'dist', 'bin.js'),
      familyFacts: async () => toy,
    });
    expect(err).toEqual([]);
    expect(status).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^toy:grid25: train [\d.]+ s \(2 steps\), evaluate [\d.]+ s; wrote packages\/toy\/README.md$/)]);
    const after = await readFile(join(dir, 'README.md'), 'utf8');
    expect(after).toMatch(/<!-- quality:toy:grid25 -->\n.*\n\n\| metric \| value \|\n\| --- \| --- \|\n\| modes \| \d+ \|\n\| modesTotal \| 25 \|/);
    expect(after).toMatch(/steps 2 \(steps scale 0.0005\)/);
    expect(after).toContain('ganforge train toy --preset grid25 --steps 2 --out <run>');
    const close = '<!-- /quality:toy:grid25 -->';
    expect(after.slice(after.indexOf(close))).toBe(before.slice(before.indexOf(close)));
    expect(after.slice(0, after.indexOf('<!-- quality:toy:grid25 -->'))).toBe(before.slice(0, before.indexOf('<!-- quality:toy:grid25 -->')));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}, 120_000);
