/**
 * The graph-builder API converters call: add a node, add a constant, move a value between tfjs'
 * NHWC order and the NCHW order ONNX's image operators want.
 *
 * Every value a converter handles is an OnnxValue: its name in the graph and its layout. `tf`
 * means the axes are in the tfjs tensor's order; `nchw` means a rank-4 NHWC tfjs tensor held as
 * NCHW. Converters of image operators (Conv, pooling, normalisation) take `toNchw(x)` and return
 * NCHW values; shape-sensitive ones (Reshape, Flatten, Dense) take `toTf(x)`. Each value is
 * transposed at most once each way, so a chain of convolutions stays NCHW end to end.
 */
import { attr, type OnnxAttribute, type OnnxElementType, type OnnxNode, type OnnxTensor } from './graph.js';

/** Axis order of a value: the tfjs tensor's own (`tf`), or NCHW for a rank-4 NHWC tensor. */
export type OnnxLayout = 'tf' | 'nchw';

/** A value in the graph being built. */
export interface OnnxValue {
  /** Name in the graph. */
  name: string;
  /** Axis order (see OnnxLayout). */
  layout: OnnxLayout;
  /** Rank of the tensor. */
  rank: number;
}

/** NHWC -> NCHW and back. */
const toNchwPerm = [0, 3, 1, 2];
const toNhwcPerm = [0, 2, 3, 1];

/** Collects nodes and constants; names are made unique as they are added. */
export class OnnxGraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();
  private readonly transposed = new Map<string, OnnxValue>();

  /** `base`, or `base_2`, `base_3`, ... if taken; the name is reserved. */
  uniqueName(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./:-]/g, '_') || 'value';
    let name = clean;
    for (let k = 2; this.used.has(name); k++) name = `${clean}_${k}`;
    this.used.add(name);
    return name;
  }

  /** Marks graph input names as taken. */
  reserve(name: string): void {
    if (this.used.has(name)) throw new Error(`ONNX value name "${name}" is used twice`);
    this.used.add(name);
  }

  /**
   * Adds a node and returns its output names (`outputs` of them, default 1), named after `name`.
   * @param inputs input value names; '' for an optional input left out
   */
  add(opType: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}, options: { name?: string; outputs?: number } = {}): string[] {
    const name = this.uniqueName(options.name ?? opType);
    const count = options.outputs ?? 1;
    const outputs = Array.from({ length: count }, (_, i) => this.uniqueName(count === 1 ? `${name}:out` : `${name}:out${i}`));
    this.nodes.push({ name, opType, inputs, outputs, attributes });
    return outputs;
  }

  /** Adds a node with one output and returns its name. */
  op(opType: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}, name?: string): string {
    return this.add(opType, inputs, attributes, { name })[0]!;
  }

  /** Adds a named constant tensor (an initializer) and returns its name. */
  tensor(name: string, type: OnnxElementType, dims: number[], values: Float32Array | BigInt64Array): string {
    const unique = this.uniqueName(name);
    const size = dims.reduce((a, b) => a * b, 1);
    if (values.length !== size) throw new Error(`constant "${name}" has ${values.length} values for shape [${dims.join(', ')}]`);
    this.initializers.push({ name: unique, type, dims, values });
    return unique;
  }

  /** A float32 constant, e.g. `floats([0.5])` or a [C, 1, 1] vector. */
  floats(values: ArrayLike<number>, dims: number[] = [values.length], name = 'const'): string {
    return this.tensor(name, 'float32', dims, Float32Array.from(values));
  }

  /** A float32 scalar constant. */
  scalar(value: number, name = 'const'): string {
    return this.tensor(name, 'float32', [], Float32Array.of(value));
  }

  /** An int64 vector constant: shapes, axes, pads, slice bounds. */
  int64s(values: number[], name = 'shape'): string {
    return this.tensor(name, 'int64', [values.length], BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  /** `x` with its axes in tfjs order. */
  toTf(x: OnnxValue): OnnxValue {
    return x.layout === 'tf' ? x : this.transpose(x, toNhwcPerm, 'tf');
  }

  /** `x` (a rank-4 NHWC tfjs tensor) as NCHW. */
  toNchw(x: OnnxValue): OnnxValue {
    if (x.layout === 'nchw') return x;
    if (x.rank !== 4) throw new Error(`value "${x.name}" has rank ${x.rank}; only rank-4 NHWC tensors have an NCHW form`);
    return this.transpose(x, toNchwPerm, 'nchw');
  }

  /** The other layout of `x`, transposed once and remembered. */
  private transpose(x: OnnxValue, perm: number[], layout: OnnxLayout): OnnxValue {
    const cached = this.transposed.get(x.name);
    if (cached) return cached;
    const value: OnnxValue = { name: this.op('Transpose', [x.name], { perm: attr.ints(perm) }, `${x.name}/to_${layout}`), layout, rank: x.rank };
    this.transposed.set(x.name, value);
    this.transposed.set(value.name, x);
    return value;
  }

  /** Values in one layout, for elementwise ops on several: NCHW when all are rank 4 and one is NCHW already. */
  sameLayout(values: OnnxValue[]): OnnxValue[] {
    const nchw = values.every((v) => v.rank === 4) && values.some((v) => v.layout === 'nchw');
    return values.map((v) => (nchw ? this.toNchw(v) : this.toTf(v)));
  }

  /** Which axis of `x` holds tfjs' axis `axis` (negative counts from the end). */
  axisOf(x: OnnxValue, axis: number): number {
    const a = axis < 0 ? x.rank + axis : axis;
    if (a < 0 || a >= x.rank) throw new Error(`axis ${axis} is out of range for rank ${x.rank}`);
    return x.layout === 'nchw' ? toNchwPerm.indexOf(a) : a;
  }

  /**
   * A per-channel vector [C] shaped to broadcast over `x`'s channel axis: itself for tfjs order
   * (channels last), [C, 1, 1] for NCHW.
   */
  channelVector(x: OnnxValue, vector: string): string {
    return x.layout === 'nchw' ? this.op('Unsqueeze', [vector, this.int64s([1, 2])]) : vector;
  }

  /**
   * Per-example channel values [N, C] shaped to broadcast over `x` [N, ..., C]: [N, 1, 1, C] in
   * tfjs order, [N, C, 1, 1] for NCHW.
   */
  perExampleChannels(x: OnnxValue, values: string): string {
    const axes = x.layout === 'nchw' ? [2, 3] : Array.from({ length: x.rank - 2 }, (_, i) => i + 1);
    return axes.length === 0 ? values : this.op('Unsqueeze', [values, this.int64s(axes)]);
  }

  /** Applies a tfjs activation by name (`linear`, `relu`, `tanh`, ...) to a value of any layout. */
  activation(x: OnnxValue, activation: string | undefined | null, name?: string): OnnxValue {
    const a = (activation ?? 'linear').toLowerCase();
    const unary: Record<string, string> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', elu: 'Elu', selu: 'Selu', softplus: 'Softplus', softsign: 'Softsign' };
    if (a === 'linear') return x;
    if (a === 'relu6') return { ...x, name: this.op('Clip', [x.name, this.scalar(0), this.scalar(6)], {}, name) };
    const opType = unary[a];
    if (opType === undefined) throw new Error(`activation "${activation}" has no ONNX mapping yet (supported: linear, relu, relu6, ${Object.keys(unary).filter((k) => k !== 'relu').join(', ')})`);
    return { ...x, name: this.op(opType, [x.name], {}, name) };
  }
}
