// Metrics: image quality (PSNR, SSIM), feature-distribution distances, discriminator accuracy.
export * from './image-quality.js';
