/**
 * What a family adds to the `ganforge` command, the way an editor extension contributes commands:
 * train flags for its own config fields, verbs of its own, and latent spaces for `interpolate`. The
 * CLI mounts what it finds on each installed family's Architecture object and never names a family.
 * Verbs stay platform-neutral: files, images and the shipped classifiers come through the host.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ImageClassifier } from '../metrics/classifier.js';
import type { LatentCode } from '../project/code.js';

/** How a verb option's text becomes a value; each kind rejects bad input with one line. */
export type VerbOptionKind =
  | 'string'
  | 'integer'
  | 'positive-integer'
  | 'number'
  | 'positive-number'
  /** Comma-separated integers, e.g. 1,2,3. */
  | 'seeds'
  /** Two comma-separated non-empty words, e.g. 3,8. */
  | 'pair'
  /** Comma-separated non-empty words, e.g. a.json,b.json. */
  | 'list'
  | 'flag';

export interface VerbOption {
  /** commander's flags, e.g. `--row-seeds <list>`. */
  flags: string;
  description: string;
  /** Default 'string' (or 'flag' when `flags` takes no value). */
  kind?: VerbOptionKind;
  default?: string | number | boolean;
  required?: boolean;
}

/** A run of the verb's family, loaded by the CLI. */
export interface LoadedRun<C> {
  /** The path the user gave. */
  path: string;
  config: C;
  /** The generator (its EMA copy unless --raw). The verb may use it; the CLI disposes it. */
  generator: tf.LayersModel;
  /** Which network `generator` is: `generator-ema` or `generator`. */
  network: string;
  /** The run's training data: its name (built-in dataset or folder) and class names. */
  data: { source: string; classNames: string[] };
}

/** What the CLI lends a verb: files, images and the shipped classifiers. */
export interface VerbHost {
  /** Writes images [N, H, W, C] in [-1, 1] as one PNG grid of `columns` columns. Does not dispose them. */
  writeGrid: (file: string, images: tf.Tensor4D, columns: number) => Promise<void>;
  writeText: (file: string, text: string) => Promise<void>;
  /** Parses a JSON file; a bad file is a one-line error naming `what`. */
  readJson: (file: string, what: string) => Promise<unknown>;
  /** The built-in datasets that ship a ganforge classifier. */
  classifierDatasets: readonly string[];
  /** The ganforge classifier shipped for one of classifierDatasets. The verb disposes it. */
  classifier: (dataset: string) => Promise<ImageClassifier>;
  /**
   * The latent codes in `files` (as `ganforge project` writes them; a folder stands for the code files
   * in it and its subfolders), stacked [N, ...], each checked to belong to the verb's run (its family
   * and config); a bad or foreign file is a one-line error. The verb disposes them.
   */
  readCodes: (files: string[]) => Promise<LatentCode>;
  /** Stops the verb with a one-line error (a UsageError). */
  fail: (message: string) => never;
  log: (line: string) => void;
}

/** A verb of a family's own: `ganforge <name> <run> [options]` on a run of that family. */
export interface FamilyVerb<C> {
  name: string;
  description: string;
  options: VerbOption[];
  /** `options` by camelCase name (commander's), parsed by their kinds. */
  run: (run: LoadedRun<C>, options: Record<string, unknown>, host: VerbHost) => Promise<void>;
}

/** A latent space of `ganforge interpolate --space <name>`, beside the spherical walk in z. */
export interface InterpolationSpace<C> {
  /** One line for --help. */
  description: string;
  /** `frames` images [frames, H, W, C] in [-1, 1] from the code of `fromSeed` to that of `toSeed`, truncated by ψ. Caller disposes. */
  walk: (generator: tf.LayersModel, config: C, walk: { fromSeed: number; toSeed: number; frames: number; psi: number }) => tf.Tensor4D;
}

export interface FamilyCli<C = never> {
  /** What the family's verbs and spaces work on, for the one-line refusal of another family's run, e.g. "works in StyleGAN's w space". */
  scope?: string;
  /** Config fields that `ganforge train` takes as flags, with their help: `pretrainSteps` is `--pretrain-steps`. */
  trainFlags?: Partial<Record<keyof C & string, string>>;
  verbs?: FamilyVerb<C>[];
  interpolation?: Record<string, InterpolationSpace<C>>;
}

/** The flag of a config field: pretrainSteps -> --pretrain-steps. */
export const flagOfField = (field: string): string => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
