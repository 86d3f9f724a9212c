// `pnpm ganforge <args>`: builds the CLI and the packages it uses (Turborepo, cached) without a word
// unless the build fails, then runs the built `ganforge` with the arguments, so a user sees the CLI's
// output only.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { quietBuild, root } from './quiet-build.mjs';

quietBuild('@ganforge/cli...', 'ganforge');
const cli = spawnSync(process.execPath, [join(root, 'apps', 'cli', 'dist', 'bin.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(cli.status ?? (cli.signal ? 1 : 0));
