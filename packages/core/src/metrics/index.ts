// Metrics: image quality (PSNR, SSIM), feature-distribution distances, discriminator accuracy.
export * from './image-quality.js';
export * from './features.js';
export { symmetricEigen, symmetricSqrt, type SymmetricEigen } from './linalg.js';
export * from './frechet.js';
export * from './kernel-distance.js';
export * from './precision-recall.js';
export * from './classifier.js';
export * from './discriminator-accuracy.js';
export * from './evaluate-generator.js';
export * from './rejection-sampling.js';
