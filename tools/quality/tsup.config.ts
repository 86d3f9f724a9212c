// A private tool: ESM for Node only, no declarations (tests read src/ through the source condition).
import { defineConfig } from 'tsup';

export default defineConfig({ entry: ['src/index.ts'], format: ['esm'], clean: true, sourcemap: true, target: 'node20' });
