export { default } from '@ganforge/vitest-config';
