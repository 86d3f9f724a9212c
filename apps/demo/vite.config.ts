/**
 * The demo page. Workspace packages are read from src/ (the @ganforge/source condition), so the
 * page never runs a stale build. `models/index.json` lists the exports under public/models/ (each
 * folder written by `ganforge export`): served live by the dev server, written into dist/ by the
 * build. The page shows a panel for each export it lists.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const modelsDir = join(import.meta.dirname, 'public', 'models');

/** `{ models: [{ name, manifest }] }` for every public/models/<name>/ganforge.json, by name. */
async function modelIndex(): Promise<string> {
  const names = (await readdir(modelsDir, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const models = [];
  for (const name of names) {
    const manifest = await readFile(join(modelsDir, name, 'ganforge.json'), 'utf8').catch(() => undefined);
    if (manifest !== undefined) models.push({ name, manifest: JSON.parse(manifest) as unknown });
  }
  return `${JSON.stringify({ models }, null, 2)}\n`;
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
