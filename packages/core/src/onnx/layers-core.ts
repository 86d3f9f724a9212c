/**
 * ONNX converters of core's own layers (src/layers), in inference mode. Each mirrors its layer's
 * `call` op for op, so the ONNX graph computes what tfjs computes up to float rounding; weights
 * stay as they are saved (scales such as the equalized learning rate's are applied in the graph),
 * so `import` gets them back bit for bit.
 */
import type * as tf from '@tensorflow/tfjs';
import { keysCubic } from '../image/bicubic.js';
import type { EqualizedOptions } from '../layers/equalized-lr.js';
import type { SpectralNorm } from '../layers/spectral-norm.js';
import { attr, type OnnxAttribute } from './graph.js';
import type { OnnxGraphBuilder, OnnxValue } from './builder.js';
import type { OnnxConverters, OnnxConvertContext, OnnxLayerConverter } from './converter.js';
import { kernelToOnnx } from './layers-tfjs.js';

/** An int64 value of INT64_MAX's size, for open slice ends. */
const sliceEnd = Number.MAX_SAFE_INTEGER;

/** x / (‖x‖ + ε) over all elements (tf.norm's euclidean norm). */
function normalize(graph: OnnxGraphBuilder, x: string, epsilon: string, name: string): string {
  const norm = graph.op('Sqrt', [graph.op('ReduceSum', [graph.op('Mul', [x, x])], { keepdims: attr.int(1) })], {}, `${name}/norm`);
  return graph.op('Div', [x, graph.op('Add', [norm, epsilon])], {}, name);
}

/**
 * SpectralNorm (inference): σ from the stored u without updating it, σ = v·M·ûᵀ with û = u/‖u‖ and
 * v = normalize(û·Mᵀ), M = reshape(W, [-1, out]); the wrapped layer then runs on W/σ.
 */
const spectralNorm: OnnxLayerConverter = (ctx) => {
  const wrapper = ctx.layer as SpectralNorm;
  const inner = wrapper.layer;
  const kernel = (inner as unknown as { kernel?: tf.LayerVariable }).kernel;
  const innerIndex = kernel ? inner.weights.indexOf(kernel) : -1;
  if (!kernel || innerIndex < 0) throw new Error(`the wrapped layer "${inner.name}" has no kernel`);
  const { graph, prefix } = ctx;
  const shape = ctx.weightShape(ctx.layer.weights.indexOf(kernel));
  const w = ctx.weight(ctx.layer.weights.indexOf(kernel));
  const u = ctx.weight(ctx.layer.weights.length - 1); // sn_u [1, out], the wrapper's last weight
  const epsilon = graph.scalar(Number(ctx.config['epsilon'] ?? 1e-12), 'epsilon');
  const m = graph.op('Reshape', [w, graph.int64s([-1, shape.at(-1)!])], {}, `${prefix}/matrix`); // [fanIn, out]
  const uHat = normalize(graph, u, epsilon, `${prefix}/u`);
  const v = normalize(graph, graph.op('MatMul', [uHat, graph.op('Transpose', [m], { perm: attr.ints([1, 0]) })]), epsilon, `${prefix}/v`); // [1, fanIn]
  const sigma = graph.op('ReduceSum', [graph.op('Mul', [graph.op('MatMul', [v, m]), uHat])], { keepdims: attr.int(0) }, `${prefix}/sigma`);
  const normalized = graph.op('Div', [w, sigma], {}, `${prefix}/kernel`);
  return ctx.convertLayer(inner, ctx.inputs, { [innerIndex]: normalized });
};

/** 1/√(v + ε) as ONNX ops. */
const rsqrt = (graph: OnnxGraphBuilder, v: string, epsilon: number, name: string) =>
  graph.op('Reciprocal', [graph.op('Sqrt', [graph.op('Add', [v, graph.scalar(epsilon, 'epsilon')])])], {}, name);

/** ConditionalBatchNorm (inference): (x - μ)/√(σ² + ε)·(1 + c·Wγ) + c·Wβ with the running μ, σ². */
const conditionalBatchNorm: OnnxLayerConverter = (ctx) => {
  const { graph, prefix } = ctx;
  const [input, condition] = ctx.inputs as [OnnxValue, OnnxValue];
  const x = input.rank === 4 ? graph.toNchw(input) : graph.toTf(input);
  const c = graph.toTf(condition).name;
  const [gainKernel, biasKernel, mean, variance] = [0, 1, 2, 3].map((i) => ctx.weight(i)) as [string, string, string, string];
  const gain = graph.perExampleChannels(x, graph.op('Add', [graph.scalar(1), graph.op('MatMul', [c, gainKernel])], {}, `${prefix}/gain`));
  const shift = graph.perExampleChannels(x, graph.op('MatMul', [c, biasKernel], {}, `${prefix}/shift`));
  const scale = rsqrt(graph, graph.channelVector(x, variance), Number(ctx.config['epsilon'] ?? 1e-5), `${prefix}/rstd`);
  const normalized = graph.op('Mul', [graph.op('Sub', [x.name, graph.channelVector(x, mean)]), scale], {}, `${prefix}/normalized`);
  return { ...x, name: graph.op('Add', [graph.op('Mul', [normalized, gain]), shift], {}, prefix) };
};

/** InstanceNorm: ONNX's InstanceNormalization (biased variance, as PyTorch and the layer). */
const instanceNorm: OnnxLayerConverter = (ctx) => {
  const { graph } = ctx;
  const x = graph.toNchw(ctx.inputs[0]!);
  const channels = ctx.inputShapes[0]!.at(-1)!;
  const affine = ctx.config['affine'] === true;
  const scale = affine ? ctx.weight(0) : graph.floats(new Float32Array(channels).fill(1), [channels], 'ones');
  const bias = affine ? ctx.weight(1) : graph.floats(new Float32Array(channels), [channels], 'zeros');
  const y = graph.op('InstanceNormalization', [x.name, scale, bias], { epsilon: attr.float(Number(ctx.config['epsilon'] ?? 1e-5)) }, ctx.prefix);
  return { name: y, layout: 'nchw', rank: 4 };
};

/** ReflectionPad2d: ONNX Pad in `reflect` mode (the edge pixel not repeated, as PyTorch's). */
const reflectionPad2d: OnnxLayerConverter = (ctx) => {
  const [[top, bottom], [left, right]] = ctx.config['padding'] as [[number, number], [number, number]];
  const x = ctx.graph.toNchw(ctx.inputs[0]!);
  const pads = ctx.graph.int64s([0, 0, top, left, 0, 0, bottom, right], 'pads');
  return { name: ctx.graph.op('Pad', [x.name, pads], { mode: attr.string('reflect') }, ctx.prefix), layout: 'nchw', rank: 4 };
};

/** PixelShuffle: ONNX DepthToSpace, whose DCR and CRD modes are the layer's channel orders. */
const pixelShuffle: OnnxLayerConverter = (ctx) => {
  const x = ctx.graph.toNchw(ctx.inputs[0]!);
  const mode = String(ctx.config['mode'] ?? 'DCR').toUpperCase();
  const y = ctx.graph.op('DepthToSpace', [x.name], { blocksize: attr.int(Number(ctx.config['factor'])), mode: attr.string(mode) }, ctx.prefix);
  return { name: y, layout: 'nchw', rank: 4 };
};

/** PixelNorm: a·1/√(mean_c a² + ε) over the channel (last tfjs) axis. */
const pixelNorm: OnnxLayerConverter = (ctx) => {
  const { graph, prefix } = ctx;
  const x = ctx.inputs[0]!;
  const meanSquare = graph.op('ReduceMean', [graph.op('Mul', [x.name, x.name])], { axes: attr.ints([graph.axisOf(x, -1)]), keepdims: attr.int(1) }, `${prefix}/mean_square`);
  return { ...x, name: graph.op('Mul', [x.name, rsqrt(graph, meanSquare, Number(ctx.config['epsilon'] ?? 1e-8), `${prefix}/rstd`)], {}, prefix) };
};

/**
 * MinibatchStddev with a free batch size N: the group size G is computed in the graph as the
 * largest divisor of N up to groupSize (the layer's rule), then the statistics as the layer does.
 */
const minibatchStddev: OnnxLayerConverter = (ctx) => {
  const { graph, prefix } = ctx;
  const x = graph.toTf(ctx.inputs[0]!);
  const [, h, w, c] = ctx.inputShapes[0]! as [null, number, number, number];
  const groupSize = Number(ctx.config['groupSize'] ?? 4);
  const f = Number(ctx.config['numChannels'] ?? 1);
  if (c % f !== 0) throw new Error(`${c} channels do not split into ${f} statistics`);
  const n = graph.op('Shape', [x.name], { start: attr.int(0), end: attr.int(1) }, `${prefix}/batch`); // [1] int64
  let g = graph.int64s([1], 'group');
  for (let d = 2; d <= groupSize; d++) {
    const divides = graph.op('Equal', [graph.op('Mod', [n, graph.int64s([d], 'divisor')]), graph.int64s([0], 'zero')]);
    g = graph.op('Where', [divides, graph.int64s([d], 'divisor'), g], {}, `${prefix}/group`);
  }
  const m = graph.op('Div', [n, g], {}, `${prefix}/groups`);
  const shape = (...parts: (string | number[])[]) => graph.op('Concat', parts.map((p) => (typeof p === 'string' ? p : graph.int64s(p))), { axis: attr.int(0) });
  const grouped = graph.op('Reshape', [x.name, shape(g, m, [h * w, f, c / f])], {}, `${prefix}/grouped`); // [G, M, HW, F, c]
  const centred = graph.op('Sub', [grouped, graph.op('ReduceMean', [grouped], { axes: attr.ints([0]), keepdims: attr.int(1) })]);
  const variance = graph.op('ReduceMean', [graph.op('Mul', [centred, centred])], { axes: attr.ints([0]), keepdims: attr.int(0) });
  const std = graph.op('Sqrt', [graph.op('Add', [variance, graph.scalar(1e-8, 'epsilon')])], {}, `${prefix}/std`); // [M, HW, F, c]
  const stat = graph.op('ReduceMean', [std], { axes: attr.ints([1, 3]), keepdims: attr.int(0) }, `${prefix}/stat`); // [M, F]
  const maps = graph.op('Expand', [graph.op('Reshape', [stat, shape([1], m, [1, f])]), shape(g, m, [h * w, f])], {}, `${prefix}/maps`); // [G, M, HW, F]
  const channels = graph.op('Reshape', [maps, shape(n, [h, w, f])]);
  return { name: graph.op('Concat', [x.name, channels], { axis: attr.int(3) }, prefix), layout: 'tf', rank: 4 };
};

/** Bias (times λ), the activation and its gain of an equalized layer, on an output whose channel axis `x` says. */
function equalizedTail(ctx: OnnxConvertContext, y: OnnxValue, options: EqualizedOptions, biasFolded: boolean): OnnxValue {
  const { graph, prefix } = ctx;
  let out = y.name;
  if (options.useBias && !biasFolded) out = graph.op('Add', [out, graph.channelVector(y, scaledBias(ctx, options))], {}, `${prefix}/bias`);
  if (options.activation === 'lrelu') out = graph.op('LeakyRelu', [out], { alpha: attr.float(0.2) }, `${prefix}/lrelu`);
  if (options.activationGain !== 1) out = graph.op('Mul', [out, graph.scalar(options.activationGain, 'gain')], {}, `${prefix}/gain`);
  return { ...y, name: out };
}

/** The bias weight times λ (as the layer: multiplied only when λ ≠ 1). */
const scaledBias = (ctx: OnnxConvertContext, options: EqualizedOptions): string =>
  options.lrMultiplier === 1 ? ctx.weight(1) : ctx.graph.op('Mul', [ctx.weight(1), ctx.graph.scalar(options.lrMultiplier, 'lr_multiplier')], {}, `${ctx.prefix}/bias_scaled`);

/** The equalized options from a layer's config. */
const equalizedOptionsOf = (config: Record<string, unknown>): EqualizedOptions => ({
  useBias: config['useBias'] !== false,
  gain: Number(config['gain'] ?? Math.SQRT2),
  lrMultiplier: Number(config['lrMultiplier'] ?? 1),
  biasInit: Number(config['biasInit'] ?? 0),
  activation: config['activation'] === 'lrelu' ? 'lrelu' : 'linear',
  activationGain: Number(config['activationGain'] ?? 1),
  seed: Number(config['seed'] ?? 0),
});

/** EqualizedDense: act(x·(W·c) + λ·b)·gain, c = gain·λ/√fan_in. */
const equalizedDense: OnnxLayerConverter = (ctx) => {
  const { graph, prefix } = ctx;
  const options = equalizedOptionsOf(ctx.config);
  const x = graph.toTf(ctx.inputs[0]!);
  const fanIn = ctx.weightShape(0)[0]!;
  const kernel = graph.op('Mul', [ctx.weight(0), graph.scalar((options.gain * options.lrMultiplier) / Math.sqrt(fanIn), 'scale')], {}, `${prefix}/kernel`);
  return equalizedTail(ctx, { name: graph.op('MatMul', [x.name, kernel], {}, `${prefix}/matmul`), layout: 'tf', rank: x.rank }, options, false);
};

/** EqualizedConv2D: act(conv(x, W·c) + λ·b)·gain, stride 1, `same` or `valid`. */
const equalizedConv2d: OnnxLayerConverter = (ctx) => {
  const { graph, prefix } = ctx;
  const options = equalizedOptionsOf(ctx.config);
  const [k, , channels] = ctx.weightShape(0) as [number, number, number, number];
  const x = graph.toNchw(ctx.inputs[0]!);
  const kernel = graph.op('Mul', [ctx.weight(0, kernelToOnnx), graph.scalar((options.gain * options.lrMultiplier) / Math.sqrt(k * k * channels), 'scale')], {}, `${prefix}/kernel`);
  const pads = ctx.config['padding'] === 'valid' ? [0, 0, 0, 0] : [Math.floor((k - 1) / 2), Math.floor((k - 1) / 2), Math.ceil((k - 1) / 2), Math.ceil((k - 1) / 2)];
  const inputs = [x.name, kernel, ...(options.useBias ? [scaledBias(ctx, options)] : [])];
  const y = graph.op('Conv', inputs, { kernel_shape: attr.ints([k, k]), pads: attr.ints(pads) }, prefix);
  return equalizedTail(ctx, { name: y, layout: 'nchw', rank: 4 }, options, true);
};

/** Resize by a whole factor in NCHW: tfjs' nearest (no offset) or half-pixel bilinear, edge-clamped. */
export function resizeNchw(graph: OnnxGraphBuilder, x: string, factor: number, interpolation: 'nearest' | 'bilinear', name: string): string {
  const scales = graph.floats([1, 1, factor, factor], [4], 'scales');
  const attributes: Record<string, OnnxAttribute> = interpolation === 'nearest'
    ? { mode: attr.string('nearest'), coordinate_transformation_mode: attr.string('asymmetric'), nearest_mode: attr.string('floor') }
    : { mode: attr.string('linear'), coordinate_transformation_mode: attr.string('half_pixel') };
  return graph.op('Resize', [x, '', scales], attributes, name);
}

/** Upsample2D: ONNX Resize (nearest: floor of o/f; bilinear: PyTorch's align_corners=False). */
const upsample2d: OnnxLayerConverter = (ctx) => {
  const x = ctx.graph.toNchw(ctx.inputs[0]!);
  const factor = Number(ctx.config['factor'] ?? 2);
  const interpolation = ctx.config['interpolation'] === 'bilinear' ? 'bilinear' : 'nearest';
  if (factor === 1) return { ...x, name: ctx.graph.op('Identity', [x.name], {}, ctx.prefix) };
  return { name: resizeNchw(ctx.graph, x.name, factor, interpolation, ctx.prefix), layout: 'nchw', rank: 4 };
};

/**
 * Bicubic enlargement along one axis (2: rows, 3: columns) of an NCHW value by a whole factor f,
 * as core's bicubicResize: output f·i + k is a 4-tap Keys sum around i + (k + ½)/f - ½, MATLAB's
 * symmetric edges (x[-1] = x[0], x[-2] = x[1]). The edges become two mirrored pixels on each side;
 * each phase k is a weighted sum of shifted slices; the phases interleave.
 */
function bicubicAxis(graph: OnnxGraphBuilder, x: string, axis: 2 | 3, factor: number, name: string): string {
  const axes = graph.int64s([axis], 'axes');
  const slice = (starts: number, ends: number, step = 1) => graph.op('Slice', [x, graph.int64s([starts], 'starts'), graph.int64s([ends], 'ends'), axes, graph.int64s([step], 'steps')]);
  const padded = graph.op('Concat', [slice(1, -sliceEnd, -1), x, slice(-1, -3, -1)], { axis: attr.int(axis) }, `${name}/padded`); // P[j + 2] = x[reflect(j)]
  const length = graph.op('Shape', [x], { start: attr.int(axis), end: attr.int(axis + 1) });
  const phases: string[] = [];
  for (let k = 0; k < factor; k++) {
    const centre = (k + 0.5) / factor - 0.5;
    const taps: [number, number][] = [];
    for (let t = Math.floor(centre - 2) + 1; t <= Math.ceil(centre + 2) - 1; t++) {
      const w = keysCubic(centre - t);
      if (w !== 0) taps.push([t, w]);
    }
    const total = taps.reduce((s, [, w]) => s + w, 0);
    const terms = taps.map(([t, w]) => {
      const start = graph.int64s([t + 2], 'starts');
      const shifted = graph.op('Slice', [padded, start, graph.op('Add', [start, length]), axes]);
      return graph.op('Mul', [shifted, graph.scalar(Math.fround(w / total), 'tap')]);
    });
    phases.push(graph.op('Unsqueeze', [graph.op('Sum', terms, {}, `${name}/phase${k}`), graph.int64s([axis + 1], 'axes')]));
  }
  const interleaved = graph.op('Concat', phases, { axis: attr.int(axis + 1) }, `${name}/interleaved`); // [N, C, H, f, W] or [N, C, H, W, f]
  const shape = graph.op('Shape', [x]);
  const before = graph.op('Slice', [shape, graph.int64s([0], 'starts'), graph.int64s([axis], 'ends')]);
  const after = graph.op('Slice', [shape, graph.int64s([axis + 1], 'starts'), graph.int64s([4], 'ends')]);
  return graph.op('Reshape', [interleaved, graph.op('Concat', [before, graph.int64s([-1]), after], { axis: attr.int(0) })], {}, name);
}

/** BicubicUpsample: rows, then columns, as bicubicResize. */
const bicubicUpsample: OnnxLayerConverter = (ctx) => {
  const x = ctx.graph.toNchw(ctx.inputs[0]!);
  const factor = Number(ctx.config['factor']);
  if (factor === 1) return { ...x, name: ctx.graph.op('Identity', [x.name], {}, ctx.prefix) };
  const rows = bicubicAxis(ctx.graph, x.name, 2, factor, `${ctx.prefix}/rows`);
  return { name: bicubicAxis(ctx.graph, rows, 3, factor, `${ctx.prefix}/columns`), layout: 'nchw', rank: 4 };
};

/** FourierFeatures: [sin 2πxB, cos 2πxB] on the last axis. */
const fourierFeatures: OnnxLayerConverter = (ctx) => {
  const { graph, prefix } = ctx;
  const x = graph.toTf(ctx.inputs[0]!);
  const angles = graph.op('Mul', [graph.op('MatMul', [x.name, ctx.weight(0)]), graph.scalar(2 * Math.PI, 'two_pi')], {}, `${prefix}/angles`);
  return { name: graph.op('Concat', [graph.op('Sin', [angles]), graph.op('Cos', [angles])], { axis: attr.int(-1) }, prefix), layout: 'tf', rank: x.rank };
};

/** Maxout: the elementwise maximum of the pieces' slices of the last axis. */
const maxout: OnnxLayerConverter = (ctx) => {
  const { graph } = ctx;
  const x = graph.toTf(ctx.inputs[0]!);
  const pieces = Number(ctx.config['pieces']);
  const units = ctx.inputShapes[0]!.at(-1)! / pieces;
  const axes = graph.int64s([-1], 'axes');
  const slices = Array.from({ length: pieces }, (_, p) => graph.op('Slice', [x.name, graph.int64s([p * units], 'starts'), graph.int64s([(p + 1) * units], 'ends'), axes]));
  return { ...x, name: pieces === 1 ? graph.op('Identity', slices, {}, ctx.prefix) : graph.op('Max', slices, {}, ctx.prefix) };
};

const identity: OnnxLayerConverter = (ctx) => ({ ...ctx.inputs[0]!, name: ctx.graph.op('Identity', [ctx.inputs[0]!.name], {}, ctx.prefix) });

/** Converters of core's layers, by class name. */
export const coreLayerConverters: OnnxConverters = {
  GanforgeSeededDropout: identity,
  GanforgeSpectralNorm: spectralNorm,
  GanforgeConditionalBatchNorm: conditionalBatchNorm,
  GanforgeInstanceNorm: instanceNorm,
  GanforgeReflectionPad2d: reflectionPad2d,
  GanforgePixelShuffle: pixelShuffle,
  GanforgePixelNorm: pixelNorm,
  GanforgeMinibatchStddev: minibatchStddev,
  GanforgeEqualizedDense: equalizedDense,
  GanforgeEqualizedConv2D: equalizedConv2d,
  GanforgeUpsample2D: upsample2d,
  GanforgeBicubicUpsample: bicubicUpsample,
  GanforgeFourierFeatures: fourierFeatures,
  GanforgeMaxout: maxout,
};
