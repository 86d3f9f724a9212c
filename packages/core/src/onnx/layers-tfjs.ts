/**
 * ONNX converters of the tfjs-layers classes ganforge's networks use: dense and convolution
 * layers, normalisation, activations, shape and merge layers. Inference mode throughout (batch
 * norm reads its running statistics, dropout passes through).
 */
import { attr, type OnnxAttribute } from './graph.js';
import type { OnnxValue } from './builder.js';
import type { OnnxConverters, OnnxConvertContext, OnnxLayerConverter } from './converter.js';

/** tfjs' HWIO conv kernels and HWOI transposed-conv kernels, both to ONNX's [first, second, kH, kW]. */
export const kernelToOnnx = [3, 2, 0, 1];

const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)]);

/** The channels-last check every image layer makes. */
function channelsLast(ctx: OnnxConvertContext): void {
  const format = ctx.config['dataFormat'];
  if (format !== undefined && format !== 'channelsLast') throw new Error(`dataFormat ${String(format)} is not supported (channelsLast only)`);
}

/**
 * ONNX pads [top, left, bottom, right] of TensorFlow's `same` padding (the odd pixel at the end)
 * for a known input size, or undefined when the size is free (then SAME_UPPER, the same rule).
 */
export function samePads(inputSize: [number | null, number | null], kernel: [number, number], strides: [number, number]): number[] | undefined {
  const [h, w] = inputSize;
  if (h === null || w === null) {
    // Stride 1 needs no input size: (k - 1) split, the odd pixel at the end.
    if (strides[0] !== 1 || strides[1] !== 1) return undefined;
    return [Math.floor((kernel[0] - 1) / 2), Math.floor((kernel[1] - 1) / 2), Math.ceil((kernel[0] - 1) / 2), Math.ceil((kernel[1] - 1) / 2)];
  }
  const total = [h, w].map((size, a) => Math.max((Math.ceil(size / strides[a]!) - 1) * strides[a]! + kernel[a]! - size, 0));
  return [Math.floor(total[0]! / 2), Math.floor(total[1]! / 2), total[0]! - Math.floor(total[0]! / 2), total[1]! - Math.floor(total[1]! / 2)];
}

/** Convolution and pooling padding attributes: explicit pads, or auto_pad SAME_UPPER for free sizes. */
function paddingAttributes(ctx: OnnxConvertContext, kernel: [number, number], strides: [number, number]): Record<string, OnnxAttribute> {
  if (ctx.config['padding'] !== 'same') return { pads: attr.ints([0, 0, 0, 0]) };
  const shape = ctx.inputShapes[0]!;
  const pads = samePads([shape[1] ?? null, shape[2] ?? null], kernel, strides);
  return pads ? { pads: attr.ints(pads) } : { auto_pad: attr.string('SAME_UPPER') };
}

/** Dense: x·W + b on the last axis, then the activation. */
const dense: OnnxLayerConverter = (ctx) => {
  const { graph } = ctx;
  const x = graph.toTf(ctx.inputs[0]!);
  let y = graph.op('MatMul', [x.name, ctx.weight(0)], {}, `${ctx.prefix}/matmul`);
  if (ctx.config['useBias'] !== false) y = graph.op('Add', [y, ctx.weight(1)], {}, `${ctx.prefix}/bias`);
  return graph.activation({ name: y, layout: 'tf', rank: x.rank }, ctx.config['activation'] as string);
};

/** Conv2D and Conv2DTranspose share the weight and bias handling. */
function convolution(ctx: OnnxConvertContext, transposed: boolean): OnnxValue {
  channelsLast(ctx);
  const { graph } = ctx;
  const dilation = pair(ctx.config['dilationRate'] ?? 1);
  if (dilation[0] !== 1 || dilation[1] !== 1) throw new Error('dilated convolutions are not supported');
  const kernel = pair(ctx.config['kernelSize']);
  const strides = pair(ctx.config['strides'] ?? 1);
  const x = graph.toNchw(ctx.inputs[0]!);
  const inputs = [x.name, ctx.weight(0, kernelToOnnx)];
  if (ctx.config['useBias'] !== false) inputs.push(ctx.weight(1));
  const attributes = transposed ? transposedPadding(ctx, kernel, strides) : paddingAttributes(ctx, kernel, strides);
  const y = graph.op(transposed ? 'ConvTranspose' : 'Conv', inputs, { kernel_shape: attr.ints(kernel), strides: attr.ints(strides), ...attributes }, ctx.prefix);
  return graph.activation({ name: y, layout: 'nchw', rank: 4 }, ctx.config['activation'] as string);
}

/**
 * Padding of a transposed convolution as TensorFlow sizes it: `same` gives input·stride, cropping
 * max(k - s, 0) pixels (the odd one at the end); `valid` gives (input - 1)·stride + k, at least
 * input·stride. output_padding makes up the rest when k < s.
 */
function transposedPadding(ctx: OnnxConvertContext, kernel: [number, number], strides: [number, number]): Record<string, OnnxAttribute> {
  const same = ctx.config['padding'] === 'same';
  const total = kernel.map((k, a) => (same ? Math.max(k - strides[a]!, 0) : 0));
  const outputPadding = kernel.map((k, a) => Math.max(strides[a]! - k, 0));
  return {
    pads: attr.ints([Math.floor(total[0]! / 2), Math.floor(total[1]! / 2), total[0]! - Math.floor(total[0]! / 2), total[1]! - Math.floor(total[1]! / 2)]),
    ...(outputPadding.some((p) => p > 0) ? { output_padding: attr.ints(outputPadding) } : {}),
  };
}

/** Batch normalisation in inference mode: (x - mean)/√(var + ε)·γ + β over the last axis. */
const batchNormalization: OnnxLayerConverter = (ctx) => {
  const { graph, config } = ctx;
  const axis = Number(config['axis'] ?? -1);
  const input = ctx.inputs[0]!;
  if (axis !== -1 && axis !== input.rank - 1) throw new Error(`batch normalisation over axis ${axis} is not supported (the last axis only)`);
  if (input.rank !== 2 && input.rank !== 4) throw new Error(`batch normalisation of rank-${input.rank} inputs is not supported (rank 2 or 4)`);
  const x = input.rank === 4 ? graph.toNchw(input) : input;
  const channels = ctx.inputShapes[0]!.at(-1)!;
  let index = 0;
  const gamma = config['scale'] !== false ? ctx.weight(index++) : graph.floats(new Float32Array(channels).fill(1), [channels], 'ones');
  const beta = config['center'] !== false ? ctx.weight(index++) : graph.floats(new Float32Array(channels), [channels], 'zeros');
  const mean = ctx.weight(index++);
  const variance = ctx.weight(index++);
  const y = graph.op('BatchNormalization', [x.name, gamma, beta, mean, variance], { epsilon: attr.float(Number(config['epsilon'] ?? 1e-3)) }, ctx.prefix);
  return { name: y, layout: x.layout, rank: x.rank };
};

/** An elementwise unary op of any layout. */
const unary = (ctx: OnnxConvertContext, opType: string, attributes = {}): OnnxValue => {
  const x = ctx.inputs[0]!;
  return { ...x, name: ctx.graph.op(opType, [x.name], attributes, ctx.prefix) };
};

/** PReLU: slopes shaped as the input without the batch axis, ones on shared axes. */
const prelu: OnnxLayerConverter = (ctx) => {
  const { graph } = ctx;
  const x = ctx.inputs[0]!;
  const shape = ctx.weightShape(0);
  let slope = ctx.weight(0);
  if (x.layout === 'nchw' && shape.length === 3 && !(shape[0] === 1 && shape[1] === 1)) slope = graph.op('Transpose', [slope], { perm: attr.ints([2, 0, 1]) }, `${ctx.prefix}/slope`);
  else if (x.layout === 'nchw' && shape.length === 3) slope = graph.op('Reshape', [slope, graph.int64s([shape[2]!, 1, 1])], {}, `${ctx.prefix}/slope`);
  return { ...x, name: graph.op('PRelu', [x.name, slope], {}, ctx.prefix) };
};

/** Reshape to [N, ...targetShape] in tfjs order (0 keeps the batch). */
const reshape: OnnxLayerConverter = (ctx) => {
  const x = ctx.graph.toTf(ctx.inputs[0]!);
  const target = (ctx.config['targetShape'] as number[]).map(Number);
  return { name: ctx.graph.op('Reshape', [x.name, ctx.graph.int64s([0, ...target])], {}, ctx.prefix), layout: 'tf', rank: target.length + 1 };
};

/** Flatten to [N, everything else] in tfjs (NHWC) order. */
const flatten: OnnxLayerConverter = (ctx) => {
  const x = ctx.graph.toTf(ctx.inputs[0]!);
  return { name: ctx.graph.op('Flatten', [x.name], { axis: attr.int(1) }, ctx.prefix), layout: 'tf', rank: 2 };
};

const concatenate: OnnxLayerConverter = (ctx) => {
  const inputs = ctx.graph.sameLayout(ctx.inputs);
  const axis = ctx.graph.axisOf(inputs[0]!, Number(ctx.config['axis'] ?? -1));
  return { ...inputs[0]!, name: ctx.graph.op('Concat', inputs.map((v) => v.name), { axis: attr.int(axis) }, ctx.prefix) };
};

/** Add, Multiply, Subtract, Maximum, Minimum, Average: a chain of binary ops. */
const merge = (opType: 'Add' | 'Mul' | 'Sub' | 'Max' | 'Min' | 'Mean'): OnnxLayerConverter => (ctx) => {
  const inputs = ctx.graph.sameLayout(ctx.inputs);
  const names = inputs.map((v) => v.name);
  const name = opType === 'Sub' ? ctx.graph.op('Sub', names, {}, ctx.prefix) : ctx.graph.op(opType === 'Add' ? 'Sum' : opType, names, {}, ctx.prefix);
  return { ...inputs[0]!, name };
};

/** Dot of two [N, F] inputs over the features (cGAN's projection): [N, 1]. */
const dot: OnnxLayerConverter = (ctx) => {
  const [a, b] = ctx.inputs.map((v) => ctx.graph.toTf(v));
  const axes = ctx.config['axes'];
  const axis = Array.isArray(axes) ? Number(axes[0]) : Number(axes);
  if (a!.rank !== 2 || b!.rank !== 2 || !(axis === 1 || axis === -1) || ctx.config['normalize'] === true) {
    throw new Error('only the dot product of two [N, F] inputs over F (axes 1, not normalised) is supported');
  }
  const product = ctx.graph.op('Mul', [a!.name, b!.name], {}, `${ctx.prefix}/mul`);
  return { name: ctx.graph.op('ReduceSum', [product, ctx.graph.int64s([1], 'axes')], { keepdims: attr.int(1) }, ctx.prefix), layout: 'tf', rank: 2 };
};

/** Cropping2D: rows and columns cut from each side. */
const cropping2d: OnnxLayerConverter = (ctx) => {
  channelsLast(ctx);
  const [[top, bottom], [left, right]] = (ctx.config['cropping'] as number[][]).map((p) => [Number(p[0]), Number(p[1])]) as [[number, number], [number, number]];
  const x = ctx.graph.toNchw(ctx.inputs[0]!);
  const end = (cut: number) => (cut === 0 ? Number.MAX_SAFE_INTEGER : -cut);
  const { graph } = ctx;
  const y = graph.op('Slice', [x.name, graph.int64s([top, left], 'starts'), graph.int64s([end(bottom), end(right)], 'ends'), graph.int64s([2, 3], 'axes')], {}, ctx.prefix);
  return { name: y, layout: 'nchw', rank: 4 };
};

/** ZeroPadding2D: zero rows and columns on each side. */
const zeroPadding2d: OnnxLayerConverter = (ctx) => {
  channelsLast(ctx);
  const [[top, bottom], [left, right]] = (ctx.config['padding'] as number[][]).map((p) => [Number(p[0]), Number(p[1])]) as [[number, number], [number, number]];
  const x = ctx.graph.toNchw(ctx.inputs[0]!);
  const pads = ctx.graph.int64s([0, 0, top, left, 0, 0, bottom, right], 'pads');
  return { name: ctx.graph.op('Pad', [x.name, pads], { mode: attr.string('constant') }, ctx.prefix), layout: 'nchw', rank: 4 };
};

/** AveragePooling2D and MaxPooling2D; `same` averages over the pixels inside the image, as tfjs. */
const pooling = (opType: 'AveragePool' | 'MaxPool'): OnnxLayerConverter => (ctx) => {
  channelsLast(ctx);
  const kernel = pair(ctx.config['poolSize']);
  const strides = pair(ctx.config['strides'] ?? kernel);
  const x = ctx.graph.toNchw(ctx.inputs[0]!);
  const attributes = { kernel_shape: attr.ints(kernel), strides: attr.ints(strides), ...paddingAttributes(ctx, kernel, strides) };
  return { name: ctx.graph.op(opType, [x.name], attributes, ctx.prefix), layout: 'nchw', rank: 4 };
};

/** Rescaling: x·scale + offset. */
const rescaling: OnnxLayerConverter = (ctx) => {
  const x = ctx.inputs[0]!;
  const { graph } = ctx;
  let y = graph.op('Mul', [x.name, graph.scalar(Number(ctx.config['scale']), 'scale')], {}, `${ctx.prefix}/scale`);
  const offset = Number(ctx.config['offset'] ?? 0);
  if (offset !== 0) y = graph.op('Add', [y, graph.scalar(offset, 'offset')], {}, `${ctx.prefix}/offset`);
  return { ...x, name: y };
};

/** UpSampling2D: tfjs' nearest or bilinear (no half-pixel offset, i.e. ONNX's `asymmetric`). */
const upSampling2d: OnnxLayerConverter = (ctx) => {
  channelsLast(ctx);
  const [sh, sw] = pair(ctx.config['size'] ?? 2);
  const x = ctx.graph.toNchw(ctx.inputs[0]!);
  const linear = ctx.config['interpolation'] === 'bilinear';
  const { graph } = ctx;
  const y = graph.op('Resize', [x.name, '', graph.floats([1, 1, sh, sw], [4], 'scales')], {
    mode: attr.string(linear ? 'linear' : 'nearest'),
    coordinate_transformation_mode: attr.string('asymmetric'),
    ...(linear ? {} : { nearest_mode: attr.string('floor') }),
  }, ctx.prefix);
  return { name: y, layout: 'nchw', rank: 4 };
};

const identity: OnnxLayerConverter = (ctx) => ({ ...ctx.inputs[0]!, name: ctx.graph.op('Identity', [ctx.inputs[0]!.name], {}, ctx.prefix) });

/** Converters of the tfjs-layers classes, by class name. */
export const tfjsLayerConverters: OnnxConverters = {
  Dense: dense,
  Conv2D: (ctx) => convolution(ctx, false),
  Conv2DTranspose: (ctx) => convolution(ctx, true),
  BatchNormalization: batchNormalization,
  ReLU: (ctx) => {
    const max = ctx.config['maxValue'];
    if (max === null || max === undefined) return unary(ctx, 'Relu');
    const x = ctx.inputs[0]!;
    return { ...x, name: ctx.graph.op('Clip', [x.name, ctx.graph.scalar(0), ctx.graph.scalar(Number(max))], {}, ctx.prefix) };
  },
  LeakyReLU: (ctx) => unary(ctx, 'LeakyRelu', { alpha: attr.float(Number(ctx.config['alpha'] ?? 0.3)) }),
  PReLU: prelu,
  Activation: (ctx) => ctx.graph.activation(ctx.inputs[0]!, ctx.config['activation'] as string, ctx.prefix),
  Reshape: reshape,
  Flatten: flatten,
  Concatenate: concatenate,
  Add: merge('Add'),
  Subtract: merge('Sub'),
  Multiply: merge('Mul'),
  Maximum: merge('Max'),
  Minimum: merge('Min'),
  Average: merge('Mean'),
  Dot: dot,
  Cropping2D: cropping2d,
  ZeroPadding2D: zeroPadding2d,
  AveragePooling2D: pooling('AveragePool'),
  MaxPooling2D: pooling('MaxPool'),
  Rescaling: rescaling,
  UpSampling2D: upSampling2d,
  Dropout: identity,
};
