/**
 * The mode-collapse metrics of VEEGAN (Srivastava et al. 2017, §5.1) and PacGAN (Lin et al. 2018,
 * §4.1; their MetricLogger): every sample is assigned to its nearest mode; it is high quality when
 * it lies within `threshold` standard deviations of that mode (3 for the 2-D tests); a mode is
 * covered when at least `minSamples` high-quality samples are nearest to it (1 in both papers:
 * "the number of mixture components whose mean is nearest to at least one high quality sample").
 * Both papers draw 2500 samples per trained model.
 */

/** Modes and their common per-coordinate standard deviation (a ToyDistribution fits). */
export interface ModeSet {
  modes: readonly (readonly [number, number])[];
  std: number;
}

export interface ModeOptions {
  /** Distance to the nearest mode, in standard deviations, within which a sample is high quality. Default 3 (VEEGAN, PacGAN). */
  threshold?: number;
  /** High-quality samples a mode needs to count as covered. Default 1 (VEEGAN, PacGAN). */
  minSamples?: number;
}

export interface ModeStatistics {
  /** Modes covered: modes with at least minSamples high-quality samples nearest to them. */
  modes: number;
  /** Number of modes of the distribution (8 or 25). */
  modesTotal: number;
  /** Share of samples within threshold·σ of their nearest mode, in [0, 1]. */
  highQuality: number;
  /**
   * KL(q ‖ uniform) of q, the share of all samples nearest each mode (the reverse KL PacGAN reports,
   * with nearest-mode assignment as the classifier); 0 when every mode gets the same share.
   */
  reverseKl: number;
  /** High-quality samples per mode, in the order of `modes`. */
  counts: Int32Array;
}

/**
 * Mode statistics of points [x0, y0, x1, y1, ...] (a [N, 2] tensor's data).
 * Throws on an odd number of values or no points.
 */
export function modeStatistics(points: ArrayLike<number>, set: ModeSet, options: ModeOptions = {}): ModeStatistics {
  const { threshold = 3, minSamples = 1 } = options;
  if (points.length % 2 !== 0) throw new Error(`points must be [x, y] pairs; got ${points.length} values`);
  const n = points.length / 2;
  if (n === 0) throw new Error('mode statistics need at least one point');
  const k = set.modes.length;
  const counts = new Int32Array(k);
  const nearestShare = new Float64Array(k);
  const limit = (threshold * set.std) ** 2;
  let good = 0;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    let best = -1;
    let bestDistance = Infinity;
    set.modes.forEach(([mx, my], j) => {
      const distance = (x - mx) ** 2 + (y - my) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = j;
      }
    });
    if (best < 0) continue; // a NaN point is nearest to no mode
    nearestShare[best]! += 1 / n;
    if (bestDistance < limit) {
      counts[best]! += 1;
      good += 1;
    }
  }
  let reverseKl = 0;
  for (const q of nearestShare) if (q > 0) reverseKl += q * Math.log(q * k);
  return {
    modes: counts.reduce((covered, c) => covered + (c >= minSamples ? 1 : 0), 0),
    modesTotal: k,
    highQuality: good / n,
    reverseKl,
    counts,
  };
}
