/**
 * Where an augmentation draws its random parameters: batches of uniform numbers, read into plain
 * arrays (an augmentation's parameters are a few numbers per image, so their maths runs in
 * JavaScript and only the finished pixel maps become tensors). In a training step the draws come
 * from the step's seeded streams, so a resumed run augments exactly as a straight run would have.
 */
import type { TrainContext } from '../family/architecture.js';
import { deriveSeed, mulberry32, rngStreams } from '../random/rng.js';

/** Seeded draws in call order; every call returns new numbers. */
export interface AugmentRandom {
  /** `count` numbers uniform in [0, 1). */
  uniform: (count: number) => Promise<Float32Array>;
}

/**
 * Draws of one training step: draw k is ctx.uniform([count], stream, k), seeded by (run seed,
 * stream, step, k), read back with await data(). Make one per step and draw in a fixed order.
 */
export function stepRandom(ctx: Pick<TrainContext<unknown>, 'uniform'>, stream: number = rngStreams.discriminatorAugment): AugmentRandom {
  let draw = 0;
  return {
    uniform: async (count) => {
      const t = ctx.uniform([count], stream, draw++);
      const values = (await t.data()) as Float32Array;
      t.dispose();
      return values;
    },
  };
}

/** Draws seeded by `seed` alone (draw k from (seed, k), Mulberry32), for use outside a training step: tests, previews. */
export function seededRandom(seed: number): AugmentRandom {
  let draw = 0;
  return {
    uniform: async (count) => {
      const random = mulberry32(deriveSeed(seed, draw++));
      return Float32Array.from({ length: count }, random);
    },
  };
}

/**
 * One draw for a batch, read as columns of per-image numbers in order: `uniform()` is the next
 * column, `normal()` a standard normal from the next two (Box-Muller). A transform takes what it
 * needs, at most `columns`.
 */
export class ImageDraws {
  private next = 0;

  private constructor(
    private readonly values: Float32Array,
    readonly n: number,
    private readonly columns: number,
  ) {}

  /** Draws `columns` uniforms per image for `n` images. */
  static async draw(random: AugmentRandom, n: number, columns: number): Promise<ImageDraws> {
    return new ImageDraws(await random.uniform(n * columns), n, columns);
  }

  /** The next column: one number uniform in [0, 1) per image. */
  uniform(): number[] {
    if (this.next >= this.columns) throw new Error(`an augmentation drew more than its ${this.columns} numbers per image`);
    const j = this.next++;
    return Array.from({ length: this.n }, (_, i) => this.values[i * this.columns + j]!);
  }

  /** One standard normal per image: √(-2 ln(1 - u₁))·cos(2π u₂). */
  normal(): number[] {
    const u1 = this.uniform();
    const u2 = this.uniform();
    return u1.map((u, i) => Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * u2[i]!));
  }

  /** Per image, whether its next coin is below p: a transform applies to each image independently with probability p. */
  coins(p: number): boolean[] {
    return this.uniform().map((coin) => coin < p);
  }

  /** `value` where the next coin (coins) says so, `neutral` elsewhere. */
  withProbability(p: number, value: number[], neutral: number): number[] {
    return this.coins(p).map((on, i) => (on ? value[i]! : neutral));
  }
}
