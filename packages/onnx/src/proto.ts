/**
 * ONNX files to and from core's OnnxGraph, through `onnx-proto`: ONNX's own onnx.proto (v1.10,
 * IR version 8) compiled with protobufjs. Tensors are written as little-endian raw data, so weights
 * travel bit for bit.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { onnxElementTypeCodes, type OnnxAttribute, type OnnxElementType, type OnnxGraph, type OnnxTensor, type OnnxValueInfo } from '@ganforge/core/onnx';

const { onnx } = onnxProto;

/** ONNX IR version 8: what opset 17 needs and ONNX 1.12's checker (Debian's python3-onnx) accepts. */
export const onnxIrVersion = 8;

/** Raw little-endian bytes of a typed array (x86 and ARM are little-endian, as ONNX's raw_data). */
const bytesOf = (values: Float32Array | BigInt64Array): Uint8Array => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

function encodeTensor(tensor: OnnxTensor): OnnxTypes.ITensorProto {
  return { name: tensor.name, dims: tensor.dims, dataType: onnxElementTypeCodes[tensor.type], rawData: bytesOf(tensor.values) };
}

function encodeAttribute(name: string, attribute: OnnxAttribute): OnnxTypes.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  switch (attribute.type) {
    case 'int':
      return { name, type: AttributeType.INT, i: attribute.value };
    case 'float':
      return { name, type: AttributeType.FLOAT, f: attribute.value };
    case 'string':
      return { name, type: AttributeType.STRING, s: new TextEncoder().encode(attribute.value) };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: attribute.value };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: attribute.value };
    case 'tensor':
      return { name, type: AttributeType.TENSOR, t: encodeTensor(attribute.value) };
  }
}

function encodeValueInfo(info: OnnxValueInfo): OnnxTypes.IValueInfoProto {
  const dim = info.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name: info.name, type: { tensorType: { elemType: onnxElementTypeCodes[info.type], shape: { dim } } } };
}

/** What a model file carries besides its graph. */
export interface OnnxModelMetadata {
  /** metadata_props entries. */
  properties: Record<string, string>;
  /** ModelProto.doc_string. */
  docString?: string;
  /** producer_version, e.g. `@ganforge/onnx 0.1.0`. */
  producerVersion: string;
}

/** An OnnxGraph as the bytes of a .onnx file. */
export function encodeOnnxModel(graph: OnnxGraph, metadata: OnnxModelMetadata): Uint8Array {
  const model: OnnxTypes.IModelProto = {
    irVersion: onnxIrVersion,
    opsetImport: [{ domain: '', version: graph.opsetVersion }],
    producerName: 'ganforge',
    producerVersion: metadata.producerVersion,
    docString: metadata.docString ?? '',
    metadataProps: Object.entries(metadata.properties).map(([key, value]) => ({ key, value })),
    graph: {
      name: graph.name,
      node: graph.nodes.map((node) => ({
        name: node.name,
        opType: node.opType,
        input: node.inputs,
        output: node.outputs,
        attribute: Object.entries(node.attributes).map(([name, attribute]) => encodeAttribute(name, attribute)),
      })),
      initializer: graph.initializers.map(encodeTensor),
      input: graph.inputs.map(encodeValueInfo),
      output: graph.outputs.map(encodeValueInfo),
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** A decoded model file: its metadata, inputs, outputs and initializers (the weights). */
export interface DecodedOnnxModel {
  properties: Record<string, string>;
  opsetVersion: number;
  irVersion: number;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Initializers by name, float32 and int64 only. */
  initializers: Map<string, OnnxTensor>;
  /** Operator types of the graph's nodes, in order. */
  operators: string[];
}

const typeOfCode = (code: number): OnnxElementType | undefined =>
  (Object.entries(onnxElementTypeCodes) as [OnnxElementType, number][]).find(([, c]) => c === code)?.[0];

/** Values of a TensorProto from raw_data or the typed fields, copied into an aligned array. */
function decodeTensor(tensor: OnnxTypes.ITensorProto): OnnxTensor | undefined {
  const type = typeOfCode(tensor.dataType ?? 0);
  if (type === undefined) return undefined;
  const dims = (tensor.dims ?? []).map(Number);
  const size = dims.reduce((a, b) => a * b, 1);
  const name = tensor.name ?? '';
  let values: Float32Array | BigInt64Array;
  const raw = tensor.rawData ?? new Uint8Array(0);
  if (raw.length > 0) {
    if (raw.length !== size * (type === 'float32' ? 4 : 8)) throw new Error(`initializer "${name}" holds ${raw.length} bytes for shape [${dims.join(', ')}]`);
    const copy = new Uint8Array(raw); // aligned copy
    values = type === 'float32' ? new Float32Array(copy.buffer, 0, size) : new BigInt64Array(copy.buffer, 0, size);
  } else {
    values = type === 'float32' ? Float32Array.from(tensor.floatData ?? []) : BigInt64Array.from((tensor.int64Data ?? []).map((v) => BigInt(v.toString())));
  }
  if (values.length !== size) throw new Error(`initializer "${name}" holds ${values.length} values for shape [${dims.join(', ')}]`);
  return { name, type, dims, values };
}

function decodeValueInfo(info: OnnxTypes.IValueInfoProto): OnnxValueInfo {
  const tensorType = info.type?.tensorType;
  return {
    name: info.name ?? '',
    type: typeOfCode(tensorType?.elemType ?? 0) ?? 'float32',
    shape: (tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue))),
  };
}

/** Parses a .onnx file. Throws when the bytes are not an ONNX model. */
export function decodeOnnxModel(bytes: Uint8Array): DecodedOnnxModel {
  const model = onnx.ModelProto.decode(bytes);
  if (!model.graph || Number(model.irVersion) === 0) throw new Error('it has no ONNX graph (not a ModelProto)');
  const graph = model.graph;
  const initializers = new Map<string, OnnxTensor>();
  for (const tensor of graph.initializer ?? []) {
    const decoded = decodeTensor(tensor);
    if (decoded) initializers.set(decoded.name, decoded);
  }
  return {
    properties: Object.fromEntries(model.metadataProps.map((p) => [p.key ?? '', p.value ?? ''])),
    opsetVersion: Number(model.opsetImport.find((o) => !o.domain)?.version ?? 0),
    irVersion: Number(model.irVersion),
    inputs: (graph.input ?? []).map(decodeValueInfo),
    outputs: (graph.output ?? []).map(decodeValueInfo),
    initializers,
    operators: (graph.node ?? []).map((n) => n.opType ?? ''),
  };
}
