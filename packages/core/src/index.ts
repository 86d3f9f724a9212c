// @ganforge/core: the platform-neutral parts (browser and Node). File-system parts: '@ganforge/core/node'.
export * from './backend/init.js';
export { registerWasmTrainingKernels } from './backend/wasm-kernels.js';
export * from './losses/index.js';
export * from './image/index.js';
export * from './data/index.js';
export * from './train/adam.js';
export * from './train/architecture.js';
export * from './train/adversarial-step.js';
export * from './train/batches.js';
export * from './train/ema.js';
export * from './train/rng.js';
export * from './train/benchmark.js';
export * from './train/context.js';
export * from './train/export-manifest.js';
export * from './layers/index.js';
export * from './metrics/index.js';
export * from './networks/patch-discriminator.js';
export * from './train/translation.js';
