export { DataError, type ImageDataset } from './dataset.js';
