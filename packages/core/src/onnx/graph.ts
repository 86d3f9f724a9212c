/**
 * An ONNX graph as plain data: nodes, initializers, inputs and outputs, in ONNX's own terms
 * (operator names, attribute names, NCHW where an operator wants it). Core builds it from a tfjs
 * LayersModel without any protobuf code; `@ganforge/onnx` encodes it as a ModelProto file.
 */

/** Element types the exporter writes. */
export type OnnxElementType = 'float32' | 'int64';

/** ONNX TensorProto.DataType codes of the element types. */
export const onnxElementTypeCodes: Record<OnnxElementType, number> = { float32: 1, int64: 7 };

/** A constant tensor: a weight or a constant an operator reads (shapes, axes, scalars). */
export interface OnnxTensor {
  name: string;
  type: OnnxElementType;
  dims: number[];
  values: Float32Array | BigInt64Array;
}

/** A node attribute, typed as ONNX types it (an int and a float of the same value differ). */
export type OnnxAttribute =
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ints'; value: number[] }
  | { type: 'floats'; value: number[] }
  | { type: 'tensor'; value: OnnxTensor };

/** One operator call. */
export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttribute>;
}

/**
 * A graph input or output: element type and shape. A string dimension is symbolic (`N` for the
 * batch, `H`/`W` for the free image size of a fully convolutional network).
 */
export interface OnnxValueInfo {
  name: string;
  type: OnnxElementType;
  shape: (number | string)[];
}

/** Where a tfjs weight went, so `import` can put it back: layer `layer`'s weight `index` (its `weights` order) is initializer `initializer`, transposed by `perm` when given. */
export interface OnnxWeightRecord {
  initializer: string;
  layer: string;
  index: number;
  perm?: number[];
}

/** A whole graph with the opset it is written for. */
export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Version of the default ONNX operator set the nodes follow. */
  opsetVersion: number;
  /** Every weight of the model, by initializer (see OnnxWeightRecord). */
  weights: OnnxWeightRecord[];
}

/** The operator set the exporter writes: 17 (ONNX 1.12, the newest Debian's python3-onnx checks). */
export const onnxOpsetVersion = 17;

/** An attribute helper set, so converters write `attr.ints([1, 1])` rather than object literals. */
export const attr = {
  int: (value: number): OnnxAttribute => ({ type: 'int', value }),
  float: (value: number): OnnxAttribute => ({ type: 'float', value }),
  string: (value: string): OnnxAttribute => ({ type: 'string', value }),
  ints: (value: number[]): OnnxAttribute => ({ type: 'ints', value }),
  floats: (value: number[]): OnnxAttribute => ({ type: 'floats', value }),
};

/** Values of a row-major array of `dims` with its axes permuted (numpy's transpose(perm)). */
export function permuteValues<T extends Float32Array | BigInt64Array>(values: T, dims: number[], perm: number[]): { values: T; dims: number[] } {
  if (perm.length !== dims.length || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    throw new Error(`permutation [${perm.join(', ')}] does not fit a rank-${dims.length} array`);
  }
  const outDims = perm.map((p) => dims[p]!);
  const inStrides = strides(dims);
  const outStrides = strides(outDims);
  const out = new (values.constructor as new (n: number) => T)(values.length);
  const rank = dims.length;
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < values.length; o++) {
    let source = 0;
    let rest = o;
    for (let a = 0; a < rank; a++) {
      index[a] = Math.floor(rest / outStrides[a]!);
      rest -= index[a]! * outStrides[a]!;
      source += index[a]! * inStrides[perm[a]!]!;
    }
    out[o] = values[source]!;
  }
  return { values: out, dims: outDims };
}

/** Row-major strides of `dims`. */
function strides(dims: number[]): number[] {
  const result = new Array<number>(dims.length).fill(1);
  for (let a = dims.length - 2; a >= 0; a--) result[a] = result[a + 1]! * dims[a + 1]!;
  return result;
}

/** The permutation that undoes `perm`. */
export const inversePermutation = (perm: number[]): number[] => perm.map((_, i) => perm.indexOf(i));
