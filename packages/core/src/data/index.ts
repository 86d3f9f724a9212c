export { DataError, type ImageDataset, type TrainingData } from './dataset.js';
