// @ganforge/core/networks: whole networks that several families build.
export {
  createPatchDiscriminator,
  modelReceptiveField,
  patchReceptiveField,
  receptiveFieldOf,
  type PatchDiscriminatorOptions,
  type PatchNorm,
} from './patch-discriminator.js';
