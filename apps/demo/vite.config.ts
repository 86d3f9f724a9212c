/**
 * The demo page. Workspace packages are read from src/ (the @ganforge/source condition), so the
 * page never runs a stale build. `models/index.json` lists the exports under public/models/ (each
 * folder written by `ganforge export`): served live by the dev server, written into dist/ by the
 * build. The page shows a panel for each export it lists.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const modelsDir = join(import.meta.dirname, 'public', 'models');

/**
 * `{ models: [{ name }] }`: every folder under public/models/, by name. The page reads each
 * folder's ganforge.json itself, so a folder without one (or with a broken one) shows as an error
 * in the page rather than vanishing from it.
 */
async function modelIndex(): Promise<string> {
  const names = (await readdir(modelsDir, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return `${JSON.stringify({ models: names.map((name) => ({ name })) }, null, 2)}\n`;
}

function modelIndexPlugin(): Plugin {
  return {
    name: 'ganforge-model-index',
    configureServer(server) {
      server.middlewares.use('/models/index.json', (_request, response) => {
        void modelIndex().then((body) => {
          response.setHeader('Content-Type', 'application/json');
          response.end(body);
        });
      });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'models/index.json', source: await modelIndex() });
    },
  };
}

export default defineConfig({
  // Relative asset URLs: dist/ works from any folder or sub-path.
  base: './',
  resolve: {
    conditions: ['@ganforge/source', ...defaultClientConditions],
    // pngjs (core's PNG codec) needs Node's streams and throws at load in a browser: see the stub.
    alias: { pngjs: join(import.meta.dirname, 'src', 'stubs', 'pngjs.ts') },
  },
  plugins: [modelIndexPlugin()],
  build: {
    target: 'es2022',
    // tfjs alone is ~1.5 MB minified; the warning would fire on every build.
    chunkSizeWarningLimit: 4096,
  },
});
