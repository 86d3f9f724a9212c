// @ganforge/core: what every family package and every program needs first: the family contract and
// its helpers, and backend selection. Each other topic is a subpath with its own explicit list:
// /augment, /data, /image, /layers, /losses, /metrics, /networks, /optim, /project, /random, /train, and /node (file system).
export {
  ConfigError,
  type AdversarialHyperparameters,
  type Architecture,
  type BenchmarkConfig,
  type DataKind,
  type DataShape,
  type GpuPreset,
  type ImageRunner,
  type ModeSeekingHyperparameters,
  type Networks,
  type NoiseArchitecture,
  type Preset,
  type RealBatch,
  type StepMetrics,
  type TopKHyperparameters,
  type TrainContext,
  type TrainHyperparameters,
  type UpscaleOptions,
} from './family/architecture.js';
export { choice, defaultsOf, docsOf, field, type ConfigField, type ConfigFields, type ConfigOf } from './family/config-fields.js';
export { adversarialFields, modeSeekingField, topKFields, trainingFields, type SharedFieldNote } from './family/training-fields.js';
export { defineFamily, type FamilyShorthands, type FamilySpec, type NetworkBuilder } from './family/define-family.js';
export { doublingPlan, fitSquareImages, karrasLadder, normalLatent, type ResolutionPlan } from './family/helpers.js';
export {
  fitImages,
  formatShape,
  imageShapeFields,
  imageShapeOf,
  imageShapeSettings,
  imageSizeOverrides,
  nearestSizesHint,
  nearestValidShapes,
  parseImageSize,
  squareByDesign,
  type ImageSizeFields,
} from './family/image-shape.js';
export type { ImageSize } from './data/dataset.js';
export {
  exportManifestFile,
  exportManifestFormat,
  type ExportInput,
  type ExportManifest,
  type ExportSpec,
} from './family/export-manifest.js';
export {
  flagOfField,
  type FamilyCli,
  type FamilyVerb,
  type InterpolationSpace,
  type LoadedRun,
  type VerbHost,
  type VerbOption,
  type VerbOptionKind,
} from './family/family-cli.js';
export {
  BackendError,
  backendChoices,
  explainBackendFailure,
  initBackend,
  parseBackendChoice,
  type BackendChoice,
  type BackendReport,
  type FailureContext,
  type InitBackendOptions,
} from './backend/init.js';
export { registerWasmTrainingKernels } from './backend/wasm-kernels.js';
export { adapterLabel, webgpuNavigator, type AdapterReport } from './backend/webgpu/adapter.js';
export { registerWebGPUTrainingKernels, setWebGPUTrainingKernels } from './backend/webgpu/register.js';
export { gpuWorkCounter, type GpuWorkCount } from './backend/webgpu/work-counter.js';
