export { DataError, type ImageDataset, type TrainingData } from './dataset.js';
export { selectExamples, stratifiedQuotas, stratifiedSubset, subsetDataset, subsetName, type SubsetChoice } from './subset.js';
