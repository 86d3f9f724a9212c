// @ganforge/core/metrics: image quality (PSNR, SSIM), feature-distribution distances, classifier, discriminator accuracy, rejection sampling.
export {
  cropBorder,
  gaussianWindow,
  meanGradientPerImage,
  psnr,
  psnrPerImage,
  ssim,
  ssimConstants,
  ssimPerImage,
  toLuma,
  toUnitRange,
  type ImageQualityOptions,
} from './image-quality.js';
export {
  checkFeatureSets,
  featureSet,
  featuresFromTensor,
  innerProductBlocks,
  selectRows,
  squaredNorms,
  type FeatureSet,
} from './features.js';
export { symmetricEigen, symmetricSqrt, type SymmetricEigen } from './linalg.js';
export { frechetDistance, frechetDistanceFromStats, gaussianStats, type GaussianStats } from './frechet.js';
export { kernelDistance, polynomialMmd, type KernelDistance, type KernelDistanceOptions } from './kernel-distance.js';
export { classPrecisionRecall, precisionRecall, type ClassPrecisionRecall, type PrecisionRecall, type PrecisionRecallOptions } from './precision-recall.js';
export {
  ImageClassifier,
  classifierFeatureLayer,
  classifierInputSize,
  createClassifierModel,
  type ClassifierInfo,
  type ClassifierModelOptions,
} from './classifier.js';
export {
  decisionThreshold,
  discriminatorAccuracy,
  type Discriminate,
  type DiscriminatorAccuracy,
  type LabelledBatch,
} from './discriminator-accuracy.js';
export {
  classPrSamples,
  classifierMetrics,
  conditionalMetrics,
  datasetBatch,
  embedDataset,
  evaluateGenerator,
  evaluationNumbers,
  generatorMetricNames,
  generatorMetricTitles,
  parseMetricList,
  type GeneratorEvaluation,
  type GeneratorEvaluationOptions,
  type GeneratorMetricName,
} from './evaluate-generator.js';
export { RejectionSampler, type RejectionOptions } from './rejection-sampling.js';
export { collapseRecall, collapseWarning } from './collapse.js';
