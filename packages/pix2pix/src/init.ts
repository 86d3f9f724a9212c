import { radfordInitializers } from '@ganforge/core/layers';
import type { Pix2pixConfig } from './config.js';

/**
 * core's Radford et al. initialisers (junyanz's init_type normal: N(0, initStd) weights, N(1,
 * initStd) batch-norm scales), each layer seeded apart.
 */
export function initializers(config: Pix2pixConfig, seed: number, network: number) {
  const { next, weights, batchNorm } = radfordInitializers(config, seed, network);
  /** `seed`: the next layer seed, for a layer that draws its own numbers (dropout). */
  return { seed: next, weights, batchNorm };
}
