#!/usr/bin/env node
/* global console, process */
// `pnpm quality [--only <family>[:<run>]] [--steps-scale x] [--write] [--dry-run]`: builds this tool,
// the CLI and the families (Turborepo, cached; quiet unless the build fails), then reruns the runs
// that packages/*/quality.json declare and rewrites the README tables between their markers.
// See tools/quality/README.md.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@ganforge/quality...', '--output-logs=errors-only', '--ui=stream'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
});
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}${build.stderr}`);
  console.error('quality: the build failed (its log is above); fix it, then run the command again');
  process.exit(build.status ?? 1);
}
const { main } = await import('./dist/index.js');
process.exitCode = await main(process.argv.slice(2), { root, log: (line) => console.log(line), error: (line) => console.error(line) });
