// @ganforge/core/data: datasets in memory, seeded batches, jitter of image pairs, in-order slices.
export { DataError, type ImageDataset, type ImageSize, type TrainingData } from './dataset.js';
export { BatchSource } from './batches.js';
export { randomJitter, type JitterOptions } from './jitter.js';
export { datasetSlice } from './slices.js';
export { selectExamples, stratifiedQuotas, stratifiedSubset, subsetDataset, subsetName, type SubsetChoice } from './subset.js';
