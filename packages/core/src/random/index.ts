// @ganforge/core/random: seeds derived from (run seed, stream, step, index), and the streams core uses.
export { deriveSeed, mulberry32, permutation, rngStreams, tfSeed } from './rng.js';
