export type { LayerArgs } from './layer-args.js';
export * from './seeded-dropout.js';
