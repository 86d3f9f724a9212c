/**
 * `ganforge.json` of an ONNX export, and the metadata every exported .onnx file carries, so that
 * `import` can tell a ganforge export from any other ONNX file and put its weights back.
 */
import type { OnnxElementType } from '@ganforge/core/onnx';

/** Value of the manifest's and metadata's `format` field. */
export const onnxExportFormat = 'ganforge-onnx';

/** Version of the layout; readers refuse newer ones. */
export const onnxExportFormatVersion = 1;

/** metadata_props key of the export description (JSON of OnnxFileMetadata). */
export const metadataKey = 'ganforge';

/** metadata_props key of the weight records (JSON of core's OnnxWeightRecord[]). */
export const weightsMetadataKey = 'ganforge.weights';

/** One input or output of an exported model. */
export interface OnnxTensorDescription {
  name: string;
  type: OnnxElementType;
  /** Dimensions; `N` is the free batch, `H`/`W` free image sizes. */
  shape: (number | string)[];
  /** What to feed or what comes out, e.g. `z ~ N(0, 1)` or `NHWC image in [-1, 1]`. */
  description: string;
  /** Value range, where one applies (images: [-1, 1]; classes: [0, K - 1]). */
  range?: [number, number];
}

/** One exported network. */
export interface OnnxModelEntry {
  /** File name beside ganforge.json. */
  file: string;
  /** Checkpoint network it was written from, e.g. `generator-ema`. */
  network: string;
  inputs: OnnxTensorDescription[];
  outputs: OnnxTensorDescription[];
  /** Size of the file. */
  bytes: number;
}

/** What every export describes: the run it came from. */
export interface OnnxRunDescription {
  format: typeof onnxExportFormat;
  formatVersion: number;
  /** Family, e.g. `dcgan`. */
  architecture: string;
  /** Version of the family package that trained it. */
  packageVersion: string;
  /** `--preset` of the run, when the checkpoint recorded one. */
  preset: string | null;
  step: number;
  seed: number;
  /** The run's full, fitted config. */
  config: Record<string, unknown>;
  /** The training data: source, image shape, class names. */
  data: { source: string; height: number; width: number; channels: 1 | 3; classNames: string[] };
  /** ONNX operator set of the files. */
  opset: number;
}

/** ganforge.json of an ONNX export folder. */
export interface OnnxExportManifest extends OnnxRunDescription {
  /** What wrote it, e.g. `@ganforge/cli 0.1.0`. */
  exportedBy: string;
  /** ISO time of the export. */
  time: string;
  /** Exported networks by role: `generator`, `reverse` (CycleGAN's B -> A), `discriminator`, ... */
  models: Record<string, OnnxModelEntry>;
}

/** The `ganforge` metadata of one .onnx file: the run, and which network of it the file holds. */
export interface OnnxFileMetadata extends OnnxRunDescription {
  role: string;
  network: string;
  inputs: OnnxTensorDescription[];
  outputs: OnnxTensorDescription[];
}
