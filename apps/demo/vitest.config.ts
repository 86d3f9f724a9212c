// The browser test builds nothing itself: turbo runs `vite build` first (demo#test depends on
// demo#build), and the test serves dist/ to Debian's Chromium.
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '@ganforge/vitest-config';

export default mergeConfig(shared, defineConfig({ test: { testTimeout: 180_000 } }));
