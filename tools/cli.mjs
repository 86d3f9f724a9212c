// `pnpm ganforge <args>`: builds the CLI and the packages it uses (Turborepo, cached) without a word
// unless the build fails, then runs the built `ganforge` with the arguments, so a user sees the CLI's
// output only.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@ganforge/cli...', '--output-logs=errors-only', '--ui=stream'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
});
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}${build.stderr}`);
  console.error('ganforge: the build failed (its log is above); fix it, then run the command again');
  process.exit(build.status ?? 1);
}
const cli = spawnSync(process.execPath, [join(root, 'apps', 'cli', 'dist', 'bin.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(cli.status ?? (cli.signal ? 1 : 0));
