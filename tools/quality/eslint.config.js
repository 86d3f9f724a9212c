export { default } from '@ganforge/eslint-config';
