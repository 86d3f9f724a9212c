import { defineConfig } from 'tsup';

/**
 * The build every publishable package shares: ESM only, type declarations, source maps, for Node 20
 * and browsers alike. `entries` are the package's entry points (default: src/index.ts).
 */
export const packageBuild = (entries = ['src/index.ts']) =>
  defineConfig({
    entry: entries,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
  });

export default packageBuild();
