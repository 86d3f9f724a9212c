// @ganforge/core/onnx: tfjs LayersModels as ONNX graphs (plain data, no protobuf), and the
// per-layer converter interface families implement for their own layers. Encoding to a .onnx
// file, import and ONNX Runtime live in @ganforge/onnx.
import type { OnnxConverters } from './converter.js';
import { coreLayerConverters } from './layers-core.js';
import { tfjsLayerConverters } from './layers-tfjs.js';

export { OnnxGraphBuilder, type OnnxLayout, type OnnxValue } from './builder.js';
export { OnnxError, type OnnxConverters, type OnnxConvertContext, type OnnxFamilySupport, type OnnxLayerConverter } from './converter.js';
export { modelToOnnxGraph, type OnnxInputPart, type OnnxInputSpec, type OnnxModelOptions } from './convert-model.js';
export {
  attr,
  inversePermutation,
  onnxElementTypeCodes,
  onnxOpsetVersion,
  permuteValues,
  type OnnxAttribute,
  type OnnxElementType,
  type OnnxGraph,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
  type OnnxWeightRecord,
} from './graph.js';
export { kernelToOnnx, samePads } from './layers-tfjs.js';
export { resizeNchw } from './layers-core.js';

/** Converters of tfjs' layers and core's layers; a family's own converters are merged over them. */
export const onnxConverters: OnnxConverters = { ...tfjsLayerConverters, ...coreLayerConverters };
