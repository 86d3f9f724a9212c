/**
 * The per-layer mapping interface: a converter turns one tfjs layer call into ONNX nodes. Core
 * ships converters for tfjs' own layers and core's layers; a family adds converters for its own
 * layer classes (its `onnx` field on the Architecture object), each in the family's package.
 */
import type * as tf from '@tensorflow/tfjs';
import type { OnnxGraphBuilder, OnnxValue } from './builder.js';

/** What a converter gets for one call of one layer. */
export interface OnnxConvertContext {
  /** Where the converter adds its nodes and constants. */
  readonly graph: OnnxGraphBuilder;
  /** The layer being converted. */
  readonly layer: tf.layers.Layer;
  /** The layer's serialised config (`layer.getConfig()`). */
  readonly config: Record<string, unknown>;
  /** The call's inputs, in the order the layer takes them. */
  readonly inputs: OnnxValue[];
  /** The call's input shapes as tfjs knows them ([null, H, W, C]: null where free). */
  readonly inputShapes: (number | null)[][];
  /** The call's output shapes as tfjs knows them. */
  readonly outputShapes: (number | null)[][];
  /** The run's config (the family's), for converters whose graph depends on it; {} when not given. */
  readonly runConfig: Readonly<Record<string, unknown>>;
  /** A prefix for node names: the layer's name. */
  readonly prefix: string;
  /**
   * The graph value of the layer's weight `index` (in `layer.weights` order), as an initializer
   * holding the weight with its axes permuted by `perm` (e.g. [3, 2, 0, 1] from tfjs' HWIO conv
   * kernel to ONNX's OIHW). Recorded, so `import` puts the weight back exactly.
   */
  weight(index: number, perm?: number[]): string;
  /** The tfjs shape of weight `index`. */
  weightShape(index: number): number[];
  /**
   * Converts another layer on `inputs`, e.g. the layer a wrapper (SpectralNorm) holds, with some of
   * its weights replaced by graph values (by index in that layer's `weights`, in tfjs layout).
   */
  convertLayer(layer: tf.layers.Layer, inputs: OnnxValue[], overrides?: Record<number, string>): OnnxValue[];
}

/** Turns one layer call into ONNX nodes and returns the outputs (one value, or one per output). */
export type OnnxLayerConverter = (ctx: OnnxConvertContext) => OnnxValue | OnnxValue[];

/** Converters by tfjs class name (`Conv2D`, `GanforgePixelNorm`, ...). */
export type OnnxConverters = Record<string, OnnxLayerConverter>;

/** What a family adds to core's ONNX export (Architecture.onnx). */
export interface OnnxFamilySupport {
  /** Converters of the family's own layer classes, by their tfjs class name. */
  converters?: OnnxConverters;
  /**
   * Clip the exported generator's output to this range, as the family's `generate` hook does
   * (ProGAN and StyleGAN clip to [-1, 1]), so ONNX outputs equal `ganforge sample`'s.
   */
  clipGeneratorOutput?: [number, number];
}

/** A layer the exporter cannot write, or a graph it cannot express; the message names the layer. */
export class OnnxError extends Error {
  override name = 'OnnxError';
}
