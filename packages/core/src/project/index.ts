// @ganforge/core/project: real images into latent space (GAN inversion): the projector, its distance and schedule, and code files.
export {
  CodeError,
  codeFileFormat,
  codeFileVersion,
  codeFromFile,
  codeToFile,
  concatCodes,
  configHash,
  disposeCode,
  lerpCodes,
  selectCodeRows,
  type CodeFile,
  type CodeOwner,
  type LatentCode,
} from './code.js';
export { imageDistance, vggBlockOutputs, type DistanceOptions, type DistanceToTargets, type ImageDistance } from './distance.js';
export { noiseRegularization, normalizeNoise } from './noise-maps.js';
export { projectImages, projector, type ProjectOptions, type Projected, type StepReport } from './projector.js';
export { zProjection, type Projection, type ProjectionRow, type ProjectionStart } from './projection.js';
export { defaultSchedule, latentNoiseAt, learningRateAt, type ProjectionSchedule } from './schedule.js';
