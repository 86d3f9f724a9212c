export { default } from '@ganforge/tsup-config';
