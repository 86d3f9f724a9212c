export * from './adversarial.js';
export * from './reconstruction.js';
export * from './orthogonal.js';
export * from './perceptual.js';
