/**
 * The toy target distributions: equal-weight mixtures of isotropic 2-D Gaussians.
 *
 * - ring8: 8 modes on a circle of radius 2, σ 0.02 (Metz et al. 2017, Unrolled GAN; VEEGAN's ring).
 *   PacGAN's own code uses radius 1, σ 0.01: the same shape at half the scale.
 * - grid25: 25 modes at (-4..4 step 2)², σ 0.05 (Srivastava et al. 2017, VEEGAN; Lin et al. 2018, PacGAN).
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '@ganforge/core/random';

export const distributionNames = ['ring8', 'grid25'] as const;
export type DistributionName = (typeof distributionNames)[number];

export interface ToyDistribution {
  name: DistributionName;
  /** One line: what it is and whose setup it is. */
  description: string;
  /** Mode centres [x, y], all equally likely. */
  modes: readonly (readonly [number, number])[];
  /** Standard deviation of every mode, per coordinate. */
  std: number;
  /** Square plot window [min, max] on both axes that shows every mode with margin. */
  window: readonly [number, number];
}

const ring = (count: number, radius: number) =>
  Array.from({ length: count }, (_, i) => [radius * Math.cos((2 * Math.PI * i) / count), radius * Math.sin((2 * Math.PI * i) / count)] as const);

const grid = (values: number[]) => values.flatMap((x) => values.map((y) => [x, y] as const));

export const distributions: Record<DistributionName, ToyDistribution> = {
  ring8: {
    name: 'ring8',
    description: '8 Gaussians on a circle of radius 2, σ 0.02 (Unrolled GAN, VEEGAN)',
    modes: ring(8, 2),
    std: 0.02,
    window: [-3, 3],
  },
  grid25: {
    name: 'grid25',
    description: '25 Gaussians at (-4..4 step 2)², σ 0.05 (VEEGAN, PacGAN)',
    modes: grid([-4, -2, 0, 2, 4]),
    std: 0.05,
    window: [-6, 6],
  },
};

/** The distribution called `name`; throws on an unknown name, listing the known ones. */
export function distribution(name: string): ToyDistribution {
  const found = (distributions as Record<string, ToyDistribution | undefined>)[name];
  if (found === undefined) throw new Error(`unknown toy distribution "${name}"; use one of: ${distributionNames.join(', ')}`);
  return found;
}

/**
 * Points of the mixture from given randomness: point i is mode ⌊uᵢ·K⌋ plus σ·εᵢ.
 * @param uniform [N] in [0, 1): picks each point's mode.
 * @param normal [N, 2] standard normal: each point's offset from its mode.
 * @returns [N, 2]; the caller disposes it.
 */
export function sampleMixture(dist: ToyDistribution, uniform: tf.Tensor, normal: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const count = dist.modes.length;
    const centres = tf.tensor2d(dist.modes.map(([x, y]) => [x, y]), [count, 2]); // [K, 2]
    const index = tf.cast(tf.clipByValue(tf.floor(tf.mul(tf.reshape(uniform, [-1]), count)), 0, count - 1), 'int32'); // [N]
    return tf.add(tf.gather(centres, index), tf.mul(normal, dist.std)) as tf.Tensor2D; // [N, 2]
  });
}

/** `count` seeded points of the distribution, [count, 2]; the same seed gives the same points. Caller disposes. */
export function sampleDistribution(dist: ToyDistribution, count: number, seed: number): tf.Tensor2D {
  return tf.tidy(() =>
    sampleMixture(
      dist,
      tf.randomUniform([count], 0, 1, 'float32', deriveSeed(seed, 0)),
      tf.randomNormal([count, 2], 0, 1, 'float32', deriveSeed(seed, 1)),
    ),
  );
}
