/**
 * `ganforge export` writes a generator for the browser demo (apps/demo) and for `tf.loadLayersModel`:
 * a folder with `model.json` + `weights.bin` (the generator) and `ganforge.json`, this manifest,
 * which says how to feed the model. Other networks a demo needs (CycleGAN's reverse generator,
 * StyleGAN's mapping and synthesis halves) sit in subfolders listed in `models`.
 */
import type * as tf from '@tensorflow/tfjs';

/** Version of the manifest layout; readers refuse newer ones. */
export const exportManifestFormat = 1;

/** File name of the manifest inside an export folder. */
export const exportManifestFile = 'ganforge.json';

/**
 * How to feed `models.generator`. All images are NHWC with values in the `range` given
 * (default [-1, 1]).
 *
 * - `noise`: z [N, latentDim] ~ N(0, I). A seed s gives `tf.randomNormal([N, latentDim], 0, 1,
 *   'float32', s)`, the codes of `ganforge sample --seed s --count N` (Architecture.latent).
 * - `class`: [z, one-hot(class)] concatenated, [N, latentDim + numClasses]; z as for `noise`.
 * - `style`: `models.mapping` maps z [N, latentDim] to w [N, wDim]; `models.synthesis` maps one w
 *   per synthesis layer, [N, numWs, wDim], to images. Truncation ψ: w' = wAvg + ψ(w - wAvg).
 *   `models.generator` is the whole z -> image network.
 * - `image`: images [N, size, size, channels] in; images out (`scale` times larger for
 *   super-resolution, 1 for translation). `models.reverse`, when present, translates the other
 *   way (CycleGAN B -> A). `draw` is the sketch style of the inputs (pix2pix edges: black on white).
 */
export type ExportInput =
  | { kind: 'noise'; latentDim: number }
  | { kind: 'class'; latentDim: number; numClasses: number }
  | { kind: 'style'; latentDim: number; wDim: number; numWs: number; wAvg: number[] }
  | {
      kind: 'image';
      size: number;
      channels: 1 | 3;
      /** Output size / input size: SRGAN's 4, 1 for translation. */
      scale: number;
      /** Value range of the input images. Default [-1, 1]. */
      range?: [number, number];
      /** How a user sketches an input: CSS colours and pen width in input pixels. */
      draw?: { background: string; pen: string; penWidth: number };
    };

export interface ExportManifest {
  format: number;
  /** Family, e.g. `dcgan`. */
  architecture: string;
  /** Version of the family package that trained it. */
  packageVersion: string;
  /** What wrote the export, e.g. `@ganforge/cli 0.1.0`. */
  exportedBy: string;
  /** Checkpoint network exported as `generator`: `generator-ema` unless --raw or no EMA was kept. */
  network: string;
  step: number;
  seed: number;
  /** ISO time of the export. */
  time: string;
  /** The run's full, fitted config. */
  config: Record<string, unknown>;
  /** The training data: where it came from, its image shape and class names (subfolder names). */
  data: { source: string; height: number; width: number; channels: 1 | 3; classNames: string[] };
  input: ExportInput;
  /** Shape and value range of the generator's images. */
  output: { height: number; width: number; channels: 1 | 3; range: [number, number] };
  /** Role -> path of a LayersModel's model.json, relative to the manifest: `generator` always. */
  models: Record<string, string>;
}

/**
 * What a family adds to an export when the defaults do not fit (Architecture.exportSpec). The
 * defaults: `noise` from `latent`; `class` from `classLatent` (checked to be [z, one-hot]); `image`
 * from the generator's input shape for paired, unpaired and superres data, with the unpaired
 * run's second `generator*` network as `reverse`.
 */
export interface ExportSpec {
  input: ExportInput;
  /** Extra networks by role (e.g. `mapping`, `synthesis`, `reverse`), written beside the generator. */
  models?: Record<string, tf.LayersModel>;
  /** Output value range when it is not [-1, 1]. */
  outputRange?: [number, number];
}
