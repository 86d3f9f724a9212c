// @ganforge/core/losses: losses as pure functions of logits or images.
export {
  adversarialLossNames,
  adversarialLosses,
  gradientPenalty,
  hingeDiscriminatorLoss,
  leastSquaresDiscriminatorLoss,
  leastSquaresGeneratorLoss,
  minimaxDiscriminatorLoss,
  minimaxGeneratorLoss,
  nonSaturatingGeneratorLoss,
  r1Penalty,
  r1Regularization,
  wassersteinDiscriminatorLoss,
  wassersteinGeneratorLoss,
  type AdversarialLoss,
  type AdversarialLossName,
} from './adversarial.js';
export { l1Loss, l2Loss } from './reconstruction.js';
export { featureExtractor, loadFeatureModel, perceptualLoss, vggPreprocess, type FeatureNetwork } from './perceptual.js';
export { modeSeekingEpsilon, modeSeekingLoss } from './mode-seeking.js';
export { topKLogits, topKShare } from './top-k.js';
export { orthogonalRegularization } from './orthogonal.js';
export { ganCriterion, translationDiscriminatorLoss, translationGanLosses, type TranslationGanLoss } from './translation.js';
