import type { defineConfig } from 'tsup';

/** The shared package build (ESM, declarations, source maps, node20) over `entries` (default src/index.ts). */
export declare const packageBuild: (entries?: string[]) => ReturnType<typeof defineConfig>;
declare const config: ReturnType<typeof defineConfig>;
export default config;
