/**
 * The contract between a family package (dcgan, cgan, ...) and core's training loop and the CLI.
 * A family exports one `Architecture` object; everything else it exports is typed pieces for users.
 */
import type * as tf from '@tensorflow/tfjs';
import type { AdversarialLossName } from '../losses/adversarial.js';
import type { TrainingData } from '../data/dataset.js';
import type { Adam } from '../optim/adam.js';
import type { PixelImage } from '../image/image.js';
import type { ConfigFields } from './config-fields.js';
import type { ExportSpec } from './export-manifest.js';
import type { FamilyCli } from './family-cli.js';
import type { AdaState } from '../augment/ada-controller.js';
import type { OnnxFamilySupport } from '../onnx/converter.js';
import type { Projection } from '../project/projection.js';

/**
 * What kind of data a family trains on. `synthetic` (toy 2-D distributions): the family's trainStep
 * draws its real samples from ctx.normal/ctx.uniform and never calls nextBatch; the loop gets an
 * empty dataset.
 */
export type DataKind = 'images' | 'labeled' | 'paired' | 'unpaired' | 'superres' | 'synthetic';

/**
 * Training hyperparameters every family config carries: the loop and the optimizers read them, and
 * `ganforge train`'s flags of the same names set them. Each family documents them in its own table
 * (config-fields.ts), with its paper's defaults.
 */
export interface TrainHyperparameters {
  /** Images per batch. */
  batchSize: number;
  /** Generator learning rate (Adam). */
  lrG: number;
  /** Discriminator learning rate (Adam); TTUR (Heusel et al. 2017) sets it apart from lrG. */
  lrD: number;
  /** Adam β1 for both networks. */
  beta1: number;
  /** Adam β2 for both networks. */
  beta2: number;
  /** Decay of the generator's weight EMA; 0 turns EMA off. */
  ema: number;
}

/** The fields core's adversarialStep reads beside TrainHyperparameters (`--loss`, `--d-steps`). */
export interface AdversarialHyperparameters {
  /** Adversarial objective. */
  loss: AdversarialLossName;
  /** Discriminator updates per generator update (WGAN: 5, Arjovsky et al. 2017). */
  dSteps: number;
  /** Gradient-penalty weight λ when `loss` is wasserstein (Gulrajani et al. 2017: 10). */
  gpWeight: number;
}

/** The diversity term adversarialStep adds to G's loss when a family's table carries `modeSeekingField`. */
export interface ModeSeekingHyperparameters {
  /** λ of MSGAN's mode-seeking term in G's loss (Mao et al. 2019); 0 = off. */
  modeSeeking: number;
}

/** Top-k training of G (Sinha et al. 2020), read by adversarialStep when a family's table carries `topKFields`. */
export interface TopKHyperparameters {
  /** ν: the least share of each batch G's loss keeps, its k fakes that D rates most real; 1 = off. */
  topK: number;
  /** γ: the kept share's factor each period, from the whole batch down to ν. */
  topKDecay: number;
  /** Steps per decay of the kept share (the paper's epoch). */
  topKPeriod: number;
}

/** Shape facts a family adapts its config to, read from the dataset. */
export interface DataShape {
  height: number;
  width: number;
  channels: 1 | 3;
  numClasses: number;
}

/** The networks of one model; `generator` and `discriminator` always exist. */
export interface Networks {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  [name: string]: tf.LayersModel;
}

/** A named starting point: paper or dataset settings, picked with --preset. */
export interface Preset<C> {
  /** One line: what it is and where it comes from. */
  description: string;
  /** Built-in dataset or folder it trains on unless --data says otherwise. */
  data?: string;
  config: Partial<C>;
  /**
   * Set on presets sized for a GPU (webgpu, or tensorflow with CUDA): `ganforge list` marks them,
   * and `ganforge train` warns in one line, quoting `wasmStep`, when one starts on wasm or cpu.
   */
  gpu?: GpuPreset;
}

/** What a GPU-scale preset costs without a GPU: a measured figure and where it comes from. */
export interface GpuPreset {
  /**
   * Seconds one training step of the preset takes on wasm, measured; null where the step does not
   * fit the wasm heap (4 GiB) at all.
   */
  wasmStepSeconds: number | null;
  /** The measurement stopped before a step finished: `wasmStepSeconds` is a lower bound. */
  wasmStepSecondsAtLeast?: boolean;
  /** Where the figure comes from: how it was measured, on what machine, when. */
  measured: string;
}

/** A real batch from the data loader, owned by the step that receives it (the step disposes it). */
export interface RealBatch {
  /** [N, H, W, C] in [-1, 1]. */
  images: tf.Tensor4D;
  /** [N] class indices (int32); zeros for unlabeled data. */
  labels: tf.Tensor1D;
  /**
   * [N, H, W, C] in [-1, 1], for translation families (see TrainingData): the inputs whose targets
   * are `images` (paired), or an independent batch of the other domain (unpaired).
   */
  source?: tf.Tensor4D;
}

/** What a train step gets from the loop. */
export interface TrainContext<C> {
  config: C;
  nets: Networks;
  optimizers: { generator: Adam; discriminator: Adam };
  /** The step being taken, from 0. */
  step: number;
  /** The next real batch in the seeded data order. */
  nextBatch: () => RealBatch;
  /** Standard-normal noise, seeded by (run seed, step, stream, index). */
  normal: (shape: number[], stream: number, index?: number) => tf.Tensor;
  /** Uniform [0, 1) noise, seeded like `normal`. */
  uniform: (shape: number[], stream: number, index?: number) => tf.Tensor;
  /**
   * ADA's controller state when the config's `augment` is 'ada' (see augment/): the loop keeps the
   * same object across steps and in checkpoints; the step's discriminatorAugment reads and updates it.
   */
  ada?: AdaState;
}

/** Plain numbers a step reports: at least dLoss and gLoss. */
export type StepMetrics = { dLoss: number; gLoss: number } & Record<string, number>;

/** One of the standard benchmark configs (shared/bench/CONFIGS.md) as this family builds it. */
export interface BenchmarkConfig<C> {
  /** What the row measures, e.g. `DCGAN, nz 100, ngf = ndf = 64, 64x64x3`. */
  description: string;
  /** Overrides of the family defaults; batchSize included. */
  config: Partial<C>;
  /** Shape of the real images the discriminator sees. */
  image: { size: number; channels: 1 | 3 };
  /** The PyTorch reference: script and arguments, e.g. ['dcgan.py', 'celeba64']. */
  reference: string[];
}

/** Everything a family provides to train, sample and report. */
export interface Architecture<C extends TrainHyperparameters> {
  /** Package short name, e.g. `dcgan`; also the CLI's architecture argument. */
  name: string;
  /** Version of the package that exports it (recorded in checkpoints). */
  version: string;
  /** One line for `ganforge list`. */
  description: string;
  data: DataKind;
  /** The config table: every field's default and documentation (config-fields.ts). */
  fields: ConfigFields<C>;
  /** Every field's default, from `fields`. */
  defaults: C;
  /** One-line documentation of every config field, with its default and its source, from `fields`. */
  fieldDocs: Record<keyof C, string>;
  presets: Record<string, Preset<C>>;
  /** Adapts a config to the data (image size, channels, classes); throws on what cannot work. */
  fitToData: (config: C, shape: DataShape) => C;
  /** Builds freshly initialised networks; the same config and seed give the same weights. */
  build: (config: C, seed: number) => Networks;
  /** One training iteration: dSteps D updates, then one G update. */
  trainStep: (ctx: TrainContext<C>) => Promise<StepMetrics>;
  /** Standard benchmark configs this family implements, by id (e.g. `dcgan-celeba64`). */
  benchmarks: Record<string, BenchmarkConfig<C>>;
  /**
   * Noise-driven families (dcgan, cgan, progan, stylegan): latent codes for `count` samples,
   * seeded. Sample grids, `ganforge sample` and `ganforge interpolate` use it with `generate`.
   * Caller disposes.
   */
  latent?: (config: C, count: number, seed: number) => tf.Tensor2D;
  /** Conditional families (cgan): latent codes asking for `classes`, one code per entry, seeded. Caller disposes. */
  classLatent?: (config: C, classes: number[], seed: number) => tf.Tensor2D;
  /** Images in [-1, 1] from latent codes (inference mode). Caller disposes. */
  generate?: (generator: tf.LayersModel, latent: tf.Tensor2D, config: C) => tf.Tensor4D;
  /**
   * Image-to-image families (pix2pix, cyclegan, srgan): the run's sample grid from a fixed real
   * batch, e.g. one row per example with input, output and target side by side. `nets.generator`
   * is the EMA copy when the run keeps one. Caller disposes the images.
   */
  sampleGrid?: (nets: Networks, batch: RealBatch, config: C) => { images: tf.Tensor4D; columns: number };
  /**
   * Image-to-image families: metrics on held-out data beside their trivial baseline (pix2pix: L1,
   * PSNR, SSIM against output = input; CycleGAN: cycle reconstruction error; SRGAN: PSNR and SSIM
   * on Y against bicubic). `ganforge evaluate` prints them.
   */
  evaluate?: (nets: Networks, data: TrainingData, config: C) => Promise<Record<string, number>>;
  /**
   * Image-to-image families (pix2pix, cyclegan): `images` [N, H, W, C] in [-1, 1] at the run's image
   * size, translated in inference mode. `direction` names the dataset's sides: AtoB takes images of
   * domain A. A family that cannot go that way (a pix2pix run trained the other way) throws a
   * ConfigError saying so. `ganforge translate` uses it. Caller disposes.
   */
  translate?: (nets: Networks, images: tf.Tensor4D, direction: 'AtoB' | 'BtoA', config: C) => tf.Tensor4D;
  /**
   * D's logits for images in [-1, 1] and their class labels, in inference mode, for the `d-acc`
   * metric of `ganforge evaluate`. Needed when D takes more than the image (cgan: the label);
   * without it, evaluate calls `nets.discriminator.apply(images)`. Caller disposes.
   */
  discriminate?: (nets: Networks, images: tf.Tensor4D, labels: tf.Tensor1D, config: C) => tf.Tensor;
  /**
   * Super-resolution families (srgan): `image` enlarged by the family's factor with `generator` in
   * inference mode, for `ganforge upscale`. Works on any size: the family runs the generator on
   * overlapping tiles so memory stays bounded, and reports each tile through `options.onTile`.
   * `generator` is an ImageRunner when another runtime runs it (`--runtime onnx`).
   */
  upscale?: (generator: tf.LayersModel | ImageRunner, image: PixelImage, config: C, options?: UpscaleOptions) => Promise<PixelImage>;
  /**
   * `ganforge export`: how the browser demo feeds the generator and which other networks it needs
   * (StyleGAN's mapping and synthesis). Optional: the defaults are described at ExportSpec.
   * `nets.generator` is the network being exported (the EMA copy unless --raw).
   */
  exportSpec?: (nets: Networks, config: C) => ExportSpec | Promise<ExportSpec>;
  /** What the family adds to the `ganforge` command: train options and verbs of its own (family-cli.ts). */
  cli?: FamilyCli<C>;
  /**
   * `ganforge export --format onnx`: ONNX converters of the family's own layer classes (core
   * converts tfjs' and core's layers) and how its generator output is finished. Optional: a family
   * built from those layers alone needs none.
   */
  onnx?: OnnxFamilySupport;
  /**
   * Noise-driven families: projection of real images into their latent space (`ganforge project`,
   * `@ganforge/core/project`): the spaces, where the optimisation starts, and images from a code.
   * `ganforge sample --code`, `interpolate --from-code` and the family's verbs read the codes back.
   */
  projection?: Projection<C>;
}

/**
 * A generator that runs outside tfjs (ONNX Runtime, `ganforge upscale --runtime onnx`): images
 * [N, H, W, C] in, images out, asynchronously. The caller disposes both.
 */
export interface ImageRunner {
  run(images: tf.Tensor4D): Promise<tf.Tensor4D>;
}

/** How Architecture.upscale tiles an image; every field has a default chosen by the family. */
export interface UpscaleOptions {
  /** Input pixels per tile side, before the overlap margin is added. */
  tileSize?: number;
  /** Input pixels of context added on every side of a tile (and cut from its output). */
  overlap?: number;
  /** Called after each tile with the tiles done and the total. */
  onTile?: (done: number, total: number) => void;
}

/** A family that samples from noise: `latent` and `generate` are present. */
export type NoiseArchitecture<C extends TrainHyperparameters> = Architecture<C> & Required<Pick<Architecture<C>, 'latent' | 'generate'>>;

/** A config that cannot work (impossible image size, wrong channels); the message says what to change. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
