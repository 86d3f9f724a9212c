// The CLI's test files spend most of their time in `ganforge` subprocesses and waiting on them, and
// the CLI's tests start last (they need every family built): two files at a time keep both cores busy
// at the end of `pnpm test` instead of one.
import { mergeConfig } from 'vitest/config';
import shared from '@ganforge/vitest-config';

export default mergeConfig(shared, { test: { fileParallelism: true, maxWorkers: 2, minWorkers: 1 } });
