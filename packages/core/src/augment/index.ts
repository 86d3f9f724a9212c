// Differentiable augmentation of what D sees: DiffAugment, ADA and its p controller.
export { adaRt, adjustAda, initialAdaState, recordRealSigns, type AdaControl, type AdaState } from './ada-controller.js';
export { adaGroups, adaTransform, parseAdaPipeline, type AdaGroup } from './ada.js';
export { augmentDefaults, augmentFields, augmentModes, augmentSettings, usesAda, type AugmentConfig, type AugmentMode, type AugmentSettings } from './config.js';
export { diffAugmentPolicies, diffAugmentTransform, parseDiffAugmentPolicy, type DiffAugmentPolicy } from './diffaugment.js';
export { adaStateFor, discriminatorAugment, type DiscriminatorAugment } from './discriminator-augment.js';
export { affineMap, gatherRows, reflectIndex, remap, scatterAddRows, shiftMap, type PixelMap } from './pixels.js';
export { benchmarkAugmentOverhead, type AugmentOverhead } from './benchmark.js';
export { seededRandom, stepRandom, type AugmentRandom } from './random.js';
export { chainTransforms, colorGroupSize, identityTransform, type AugmentTransform } from './transform.js';
