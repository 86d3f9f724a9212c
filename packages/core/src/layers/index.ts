export type { LayerArgs } from './layer-args.js';
export * from './seeded-dropout.js';
export * from './spectral-norm.js';
export * from './conditional-batch-norm.js';
export * from './instance-norm.js';
export * from './reflection-pad2d.js';
