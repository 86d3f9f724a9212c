export * from './adversarial.js';
export * from './reconstruction.js';
