/* global console, process */
// Builds the workspace packages `filter` needs (Turborepo, cached) without a word unless the build
// fails; then prints its log and one line, and exits. Shared by `pnpm ganforge` and `pnpm quality`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs `turbo run build --filter=<filter>` quietly; on failure prints the log and `<command>: the build failed ...`, then exits. */
export function quietBuild(filter, command) {
  const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', `--filter=${filter}`, '--output-logs=errors-only', '--ui=stream'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout}${build.stderr}`);
    console.error(`${command}: the build failed (its log is above); fix it, then run the command again`);
    process.exit(build.status ?? 1);
  }
}
