#!/usr/bin/env node
/* global console, process */
// `pnpm quality [--only <family>[:<run>]] [--steps-scale x] [--write] [--dry-run]`: builds this tool,
// the CLI and the families (Turborepo, cached; quiet unless the build fails), then reruns the runs
// that packages/*/quality.json declare and rewrites the README tables between their markers.
// See tools/quality/README.md.
import { quietBuild, root } from '../quiet-build.mjs';

quietBuild('@ganforge/quality...', 'quality');
const { main } = await import('./dist/index.js');
process.exitCode = await main(process.argv.slice(2), { root, log: (line) => console.log(line), error: (line) => console.error(line) });
