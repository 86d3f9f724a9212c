/** Config-table entries of the hyperparameters many families share, with their usual meanings. */
import { adversarialLossNames, type AdversarialLossName } from '../losses/adversarial.js';
import type { AdversarialHyperparameters, ModeSeekingHyperparameters, TopKHyperparameters, TrainHyperparameters } from './architecture.js';
import { choice, field, type ConfigFields } from './config-fields.js';

/** What each field of the shared training hyperparameters means, for the families' tables. */
const trainingMeanings: Record<string, string> = {
  batchSize: 'images per batch',
  lrG: 'generator Adam learning rate',
  lrD: 'discriminator Adam learning rate',
  beta1: 'Adam β1',
  beta2: 'Adam β2',
  ema: 'decay of the generator weight EMA, 0 = off',
  dSteps: 'D updates per G update',
  gpWeight: 'gradient-penalty weight for wasserstein',
  loss: 'adversarial objective',
};

/** A field's source, or its own meaning (where the usual words say too little) with its source. */
export type SharedFieldNote = string | { meaning: string; source?: string };

/** Table entries of shared fields with their usual meanings: a family gives each default and, where it has one, its note. */
function sharedFields<C>(defaults: C, notes: Partial<Record<keyof C, SharedFieldNote>>): ConfigFields<C> {
  return Object.fromEntries(
    Object.entries(defaults as Record<string, unknown>).map(([name, value]) => {
      const note: SharedFieldNote | undefined = notes[name as keyof C];
      const meaning = typeof note === 'object' ? note.meaning : trainingMeanings[name]!;
      const source = typeof note === 'object' ? note.source : note;
      return [name, name === 'loss' ? choice(adversarialLossNames, value as AdversarialLossName, meaning, source) : field(value, meaning, source)];
    }),
  ) as ConfigFields<C>;
}

/**
 * The fields core's loop and optimizers read (TrainHyperparameters), e.g.
 * `trainingFields({ batchSize: 64, lrG: 2e-4, ... }, { lrG: 'Radford et al.', batchSize: { meaning: 'pairs per batch' } })`.
 */
export const trainingFields = (
  defaults: TrainHyperparameters,
  notes: Partial<Record<keyof TrainHyperparameters, SharedFieldNote>> = {},
): ConfigFields<TrainHyperparameters> => sharedFields(defaults, notes);

/** The fields core's adversarialStep reads beside them (AdversarialHyperparameters): loss, dSteps, gpWeight. */
export const adversarialFields = (
  defaults: AdversarialHyperparameters,
  notes: Partial<Record<keyof AdversarialHyperparameters, SharedFieldNote>> = {},
): ConfigFields<AdversarialHyperparameters> => sharedFields(defaults, notes);

/**
 * The mode-seeking weight of core's adversarialStep (spread `...modeSeekingField` into a table to
 * opt in): G's loss adds λ / (mean|G(z₁,c) − G(z₂,c)| / mean|z₁ − z₂| + ε) over half of each batch,
 * whose second codes cost one more G pass on that half.
 */
export const modeSeekingField: ConfigFields<ModeSeekingHyperparameters> = {
  modeSeeking: field(0, "weight λ of the mode-seeking term in G's loss, 0 = off; the paper's cGANs use 1", 'Mao et al. 2019, MSGAN'),
};

/**
 * Top-k training of core's adversarialStep (spread `...topKFields` into a table to opt in): G's
 * loss keeps the ⌈max(ν, γ^⌊step / period⌋)·N⌉ fakes D rates most real (losses/top-k.ts).
 */
export const topKFields: ConfigFields<TopKHyperparameters> = {
  topK: field(1, "ν, the least share of each batch G's loss keeps (the fakes D rates most real), 1 = off; the paper's 0.5, 0.75 for some data", 'Sinha et al. 2020, top-k training'),
  topKDecay: field(0.99, 'γ, the factor on the kept share each topKPeriod steps, from the whole batch down to topK', 'Sinha et al. 2020 (per epoch)'),
  topKPeriod: field(20, "steps per decay of the kept share; the paper's epoch, shortened for CPU-length runs", 'ganforge'),
};
