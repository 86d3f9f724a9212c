// @ganforge/onnx: ganforge networks as ONNX files (export), back (import), and run on ONNX
// Runtime (onnxruntime-node, an optional peer). The per-layer converters live in
// @ganforge/core/onnx (tfjs' and core's layers) and in each family (its own layers).
export { exportNetworksToOnnx, exportOnnx, exportRunToOnnx, onnxManifestFile, writeOnnxExport, type ExportableArchitecture, type OnnxExportSource, type OnnxNetworkOptions, type OnnxRunExport, type OnnxRunExportOptions } from './export.js';
export { applyOnnxWeights, importOnnxRun, readGanforgeOnnx, readOnnxExport, type GanforgeOnnxModel, type OnnxImportResult } from './import.js';
export {
  metadataKey,
  onnxExportFormat,
  onnxExportFormatVersion,
  weightsMetadataKey,
  type OnnxExportManifest,
  type OnnxFileMetadata,
  type OnnxModelEntry,
  type OnnxRunDescription,
  type OnnxTensorDescription,
} from './manifest.js';
export { decodeOnnxModel, encodeOnnxModel, onnxIrVersion, type DecodedOnnxModel, type OnnxModelMetadata } from './proto.js';
export { feedsFromLatent } from './feeds.js';
export { loadOnnxRuntime, OnnxSession, onnxRuntimeInstall, type OnnxSessionOptions } from './runtime.js';
export { OnnxError } from '@ganforge/core/onnx';
