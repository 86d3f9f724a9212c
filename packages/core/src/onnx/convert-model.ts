/**
 * A tfjs LayersModel as an OnnxGraph: the model's graph of layer calls is walked from its outputs,
 * each call turned into ONNX nodes by the converter registered for its class, every weight written
 * as an initializer (with a record of where it went), the batch dimension left free (`N`).
 */
import type * as tf from '@tensorflow/tfjs';
import { OnnxGraphBuilder, type OnnxValue } from './builder.js';
import { OnnxError, type OnnxConverters, type OnnxConvertContext } from './converter.js';
import { onnxOpsetVersion, permuteValues, type OnnxGraph, type OnnxValueInfo, type OnnxWeightRecord } from './graph.js';

/** One part of an input fed as a concatenation: floats of a given width, or class indices one-hot encoded. */
export type OnnxInputPart = { name: string; width: number } | { name: string; oneHot: number };

/**
 * How one input of the tfjs model is fed: as an ONNX input of the same shape (float32, NHWC for
 * images), as int64 class indices [N] one-hot encoded to the model's [N, K], or as the
 * concatenation of parts on the last axis (cGAN's latent = [z | one-hot(class)]).
 */
export type OnnxInputSpec = { name: string; oneHot?: number } | { concat: OnnxInputPart[] };

/** What to export and under which names. */
export interface OnnxModelOptions {
  /** Graph name, e.g. `dcgan generator`. */
  name: string;
  /** Converters by class name: core's (onnxConverters) merged with the family's. */
  converters: OnnxConverters;
  /** One per model input, in the model's order. */
  inputs: OnnxInputSpec[];
  /** Names of the model's outputs, in order. */
  outputs: string[];
  /** The run's config, readable by converters (see OnnxConvertContext.runConfig). */
  runConfig?: Record<string, unknown>;
  /** Clip every output to this range (see OnnxFamilySupport.clipGeneratorOutput). */
  clipOutput?: [number, number];
}

/** The parts of tfjs' graph nodes the walk reads (tfjs-layers' Node class). */
interface LayerNode {
  inputTensors: tf.SymbolicTensor[];
  outputTensors: tf.SymbolicTensor[];
  inputShapes: tf.Shape | tf.Shape[];
  outputShapes: tf.Shape | tf.Shape[];
}

/** Where a weight lives: its top-level layer, its index there, its values. */
interface WeightEntry {
  layer: string;
  index: number;
  shape: number[];
  values: Float32Array;
  name: string;
}

const shapeList = (shapes: tf.Shape | tf.Shape[]): (number | null)[][] =>
  (Array.isArray(shapes[0]) || shapes.length === 0 ? shapes : [shapes]) as (number | null)[][];

/** Symbolic names of an image tensor's free dimensions: N, then H and W (suffixed for outputs). */
function valueShape(shape: (number | null)[], suffix = ''): (number | string)[] {
  const names = ['N', `H${suffix}`, `W${suffix}`];
  return shape.map((d, i) => (d ?? (i === 0 ? 'N' : shape.length === 4 && i < 3 ? names[i]! : `D${i}${suffix}`)));
}

/**
 * Converts `model` (inference mode) to an OnnxGraph. Reads every weight (await data()), so it is
 * async. Throws an OnnxError naming the first layer whose class has no converter.
 */
export async function modelToOnnxGraph(model: tf.LayersModel, options: OnnxModelOptions): Promise<OnnxGraph> {
  if (options.inputs.length !== model.inputs.length) throw new Error(`${options.name}: ${model.inputs.length} model inputs, ${options.inputs.length} input specs`);
  if (options.outputs.length !== model.outputs.length) throw new Error(`${options.name}: ${model.outputs.length} model outputs, ${options.outputs.length} output names`);
  const graph = new OnnxGraphBuilder();
  const runConfig = options.runConfig ?? {};

  // Every weight, with the top-level layer that owns it (a wrapper's inner layer's weights are the wrapper's).
  const owners = new Map<tf.LayerVariable, WeightEntry>();
  for (const layer of model.layers) {
    for (const [index, variable] of layer.weights.entries()) {
      if (owners.has(variable)) continue;
      const values = (await variable.read().data()) as Float32Array;
      if (!(values instanceof Float32Array)) throw new OnnxError(`weight "${variable.name}" of layer "${layer.name}" is ${variable.dtype}; only float32 weights export`);
      owners.set(variable, { layer: layer.name, index, shape: variable.shape.map(Number), values, name: variable.originalName ?? variable.name });
    }
  }
  const written = new Map<string, string>();
  const records: OnnxWeightRecord[] = [];
  const writeWeight = (entry: WeightEntry, perm?: number[]): string => {
    const key = `${entry.layer}#${entry.index}#${perm?.join(',') ?? ''}`;
    const existing = written.get(key);
    if (existing) return existing;
    const { values, dims } = perm ? permuteValues(entry.values, entry.shape, perm) : { values: entry.values, dims: entry.shape };
    const name = graph.tensor(entry.name, 'float32', dims, values);
    written.set(key, name);
    records.push({ initializer: name, layer: entry.layer, index: entry.index, ...(perm ? { perm } : {}) });
    return name;
  };

  // Graph inputs.
  const inputs: OnnxValueInfo[] = [];
  const values = new Map<number, OnnxValue>();
  const oneHot = (name: string, depth: number): string => {
    graph.reserve(name);
    inputs.push({ name, type: 'int64', shape: ['N'] });
    return graph.op('OneHot', [name, graph.int64s([depth], 'depth'), graph.floats([0, 1], [2], 'off_on')], { axis: { type: 'int', value: -1 } }, `${name}/one_hot`);
  };
  options.inputs.forEach((spec, i) => {
    const symbolic = model.inputs[i]!;
    const shape = symbolic.shape as (number | null)[];
    let name: string;
    if ('concat' in spec) {
      const parts = spec.concat.map((part) => {
        if ('oneHot' in part) return oneHot(part.name, part.oneHot);
        graph.reserve(part.name);
        inputs.push({ name: part.name, type: 'float32', shape: ['N', part.width] });
        return part.name;
      });
      name = graph.op('Concat', parts, { axis: { type: 'int', value: -1 } }, 'inputs/concat');
    } else if (spec.oneHot !== undefined) {
      name = oneHot(spec.name, spec.oneHot);
    } else {
      graph.reserve(spec.name);
      inputs.push({ name: spec.name, type: 'float32', shape: valueShape(shape) });
      name = spec.name;
    }
    values.set(symbolic.id, { name, layout: 'tf', rank: shape.length });
  });

  /** Runs one layer's converter on `layerInputs`; `overrides` replace weights by graph values. */
  const convertCall = (
    layer: tf.layers.Layer,
    layerInputs: OnnxValue[],
    node: Pick<LayerNode, 'inputShapes' | 'outputShapes'>,
    overrides: Record<number, string> = {},
  ): OnnxValue[] => {
    const className = layer.getClassName();
    const converter = options.converters[className];
    if (converter === undefined) {
      throw new OnnxError(`layer "${layer.name}" (${className}) has no ONNX mapping yet; its package needs an ONNX converter for ${className}`);
    }
    const entryOf = (index: number): WeightEntry => {
      const variable = layer.weights[index];
      const entry = variable && owners.get(variable);
      if (!entry) throw new Error(`layer "${layer.name}" has no weight ${index}`);
      return entry;
    };
    const ctx: OnnxConvertContext = {
      graph,
      layer,
      config: layer.getConfig() as Record<string, unknown>,
      inputs: layerInputs,
      inputShapes: shapeList(node.inputShapes),
      outputShapes: shapeList(node.outputShapes),
      runConfig,
      prefix: layer.name,
      weight: (index, perm) => {
        const override = overrides[index];
        if (override === undefined) return writeWeight(entryOf(index), perm);
        return perm ? graph.op('Transpose', [override], { perm: { type: 'ints', value: perm } }, `${layer.name}/weight${index}`) : override;
      },
      weightShape: (index) => (layer.weights[index]?.shape ?? []).map(Number),
      convertLayer: (inner, innerInputs, innerOverrides) => convertCall(inner, innerInputs, node, innerOverrides),
    };
    try {
      const out = converter(ctx);
      return Array.isArray(out) ? out : [out];
    } catch (error) {
      if (error instanceof OnnxError) throw error;
      throw new OnnxError(`layer "${layer.name}" (${className}): ${(error as Error).message}`);
    }
  };

  const valueOf = (tensor: tf.SymbolicTensor): OnnxValue => {
    const known = values.get(tensor.id);
    if (known) return known;
    const layer = tensor.sourceLayer;
    const node = (layer as unknown as { inboundNodes: LayerNode[] }).inboundNodes[tensor.nodeIndex];
    if (node === undefined) throw new Error(`tensor "${tensor.name}" has no producing node`);
    if (node.inputTensors.length === 0) throw new Error(`input "${tensor.name}" of layer "${layer.name}" is not one of the model's inputs`);
    const outputs = convertCall(layer, node.inputTensors.map(valueOf), node);
    node.outputTensors.forEach((out, i) => {
      const value = outputs[i];
      if (value === undefined) throw new Error(`the converter of layer "${layer.name}" returned ${outputs.length} outputs, expected ${node.outputTensors.length}`);
      values.set(out.id, value);
    });
    return values.get(tensor.id)!;
  };

  const outputs: OnnxValueInfo[] = model.outputs.map((symbolic, i) => {
    let value = graph.toTf(valueOf(symbolic)).name;
    if (options.clipOutput) value = graph.op('Clip', [value, graph.scalar(options.clipOutput[0], 'clip_min'), graph.scalar(options.clipOutput[1], 'clip_max')], {}, 'output/clip');
    const name = options.outputs[i]!;
    graph.reserve(name);
    graph.nodes.push({ name: graph.uniqueName(`${name}/identity`), opType: 'Identity', inputs: [value], outputs: [name], attributes: {} });
    return { name, type: 'float32', shape: valueShape(symbolic.shape as (number | null)[], '_out') };
  });

  // Weights the graph does not read (a dropout's call counter) still travel, for `import`.
  for (const entry of owners.values()) {
    if (!records.some((r) => r.layer === entry.layer && r.index === entry.index)) writeWeight(entry);
  }
  return { name: options.name, nodes: graph.nodes, initializers: graph.initializers, inputs, outputs, opsetVersion: onnxOpsetVersion, weights: records };
}
