/**
 * Discriminator rejection sampling (DRS; Azadi, Olsson, Darrell, Goodfellow & Odena, ICLR 2019):
 * a trained D's logit estimates log p_data(x)/p_G(x) (exactly, for the optimal D of the minimax and
 * non-saturating losses), so accepting each generated sample with probability p_data/(M·p_G)
 * corrects G's distribution towards the data's. The paper's practical form, used here:
 *
 *   F(x) = D̃(x) - D̃_M - log(1 - exp(D̃(x) - D̃_M - ε)) - γ,   accept with probability σ(F(x))
 *
 * D̃ the logit; D̃_M the largest logit seen so far (a burn-in set first, then every scored
 * sample), standing in for log M; γ sets the acceptance rate: the `quantile` of the score
 * without it, F(x) + γ, over the burn-in set, so that share of samples is kept with probability
 * at most 1/2.
 * Only meaningful for a D trained with a logistic loss (minimax, non-saturating).
 */

/** Defaults of the sampler. */
export interface RejectionOptions {
  /** Quantile of the burn-in set's F(x) + γ that sets γ. Default 0.95 (Azadi et al.'s choice for ImageNet). */
  quantile?: number;
  /** ε that keeps the log finite at D̃ = D̃_M. Default 1e-6 (Azadi et al.). */
  epsilon?: number;
}

/** F(x) + γ: the logit's distance below the maximum, corrected as the paper does. */
const shiftedScore = (logit: number, maxLogit: number, epsilon: number): number =>
  logit - maxLogit - Math.log1p(-Math.exp(logit - maxLogit - epsilon));

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Accepts or rejects scored samples; keeps D̃_M up to date as new maxima arrive. */
export class RejectionSampler {
  private maxLogit: number;
  private readonly epsilon: number;
  /** γ, fixed by the burn-in set. */
  readonly gamma: number;
  private proposed = 0;
  private accepted = 0;

  /** Calibrates D̃_M and γ on the logits of a burn-in set of generated samples. */
  constructor(burnInLogits: ArrayLike<number>, options: RejectionOptions = {}) {
    const { quantile = 0.95, epsilon = 1e-6 } = options;
    if (burnInLogits.length === 0) throw new Error('rejection sampling needs a burn-in set of at least one logit');
    if (!(quantile > 0 && quantile < 1)) throw new Error(`rejection sampling quantile must lie in (0, 1), got ${quantile}`);
    const logits = Array.from(burnInLogits);
    if (logits.some((v) => !Number.isFinite(v))) throw new Error('rejection sampling got a non-finite discriminator logit');
    this.epsilon = epsilon;
    this.maxLogit = Math.max(...logits);
    const scores = logits.map((v) => shiftedScore(v, this.maxLogit, epsilon)).sort((a, b) => a - b);
    this.gamma = scores[Math.min(scores.length - 1, Math.floor(quantile * scores.length))]!;
  }

  /** Acceptance probability σ(F(x)) of one logit, against the current D̃_M. */
  probability(logit: number): number {
    return sigmoid(shiftedScore(logit, this.maxLogit, this.epsilon) - this.gamma);
  }

  /**
   * Which of the samples with these logits to keep, given one uniform in [0, 1) per sample: sample i
   * is kept when uniforms[i] < σ(F(x_i)). A logit above D̃_M raises D̃_M first, as in the paper.
   */
  accept(logits: ArrayLike<number>, uniforms: ArrayLike<number>): boolean[] {
    if (uniforms.length !== logits.length) throw new Error(`rejection sampling needs one uniform per logit, got ${uniforms.length} for ${logits.length}`);
    const kept: boolean[] = [];
    for (let i = 0; i < logits.length; i++) {
      const logit = logits[i]!;
      if (!Number.isFinite(logit)) throw new Error('rejection sampling got a non-finite discriminator logit');
      this.maxLogit = Math.max(this.maxLogit, logit);
      const keep = uniforms[i]! < this.probability(logit);
      kept.push(keep);
      this.proposed++;
      if (keep) this.accepted++;
    }
    return kept;
  }

  /** Share of the samples passed to accept() that were kept. */
  get acceptanceRate(): number {
    return this.proposed === 0 ? 0 : this.accepted / this.proposed;
  }
}
