/**
 * ONNX converters of StyleGAN's own layers (modulated-conv2d.ts, noise-injection.ts,
 * synthesis-layers.ts), for `ganforge export --format onnx`. The exported generator maps z to
 * images as `ganforge sample` does: the stored constant noise, the run's truncation ψ, clipped to
 * [-1, 1].
 */
import { attr, kernelToOnnx, resizeNchw, type OnnxConverters, type OnnxFamilySupport, type OnnxGraphBuilder, type OnnxLayerConverter } from '@ganforge/core/onnx';

/** 1/√(v + ε). */
const rsqrt = (graph: OnnxGraphBuilder, v: string, epsilon: number, name: string) =>
  graph.op('Reciprocal', [graph.op('Sqrt', [graph.op('Add', [v, graph.scalar(epsilon, 'epsilon')])])], {}, name);

/**
 * ModulatedConv2D, as the layer computes it: s = A(w); y = conv(up?(x ⊙ s), W·c); with
 * demodulation y ⊙ 1/√(s²·Σₖₖ(W·c)² + 1e-8); plus the bias when the layer has one.
 */
const modulatedConv2d: OnnxLayerConverter = (ctx) => {
  const { graph, prefix, config } = ctx;
  const [xValue, wValue] = ctx.inputs as [typeof ctx.inputs[0], typeof ctx.inputs[0]];
  const x = graph.toNchw(xValue!);
  const w = graph.toTf(wValue!).name; // [N, wDim]
  const [k, , channels] = ctx.weightShape(0) as [number, number, number, number];
  const wDim = ctx.weightShape(1)[0]!;
  const affine = graph.op('Mul', [ctx.weight(1), graph.scalar(1 / Math.sqrt(wDim), 'affine_scale')], {}, `${prefix}/affine_kernel`);
  const s = graph.op('Add', [graph.op('MatMul', [w, affine]), ctx.weight(2)], {}, `${prefix}/styles`); // [N, C_in]
  let modulated = graph.op('Mul', [x.name, graph.perExampleChannels(x, s)], {}, `${prefix}/modulated`);
  if (config['upsample'] === true) modulated = resizeNchw(graph, modulated, 2, 'bilinear', `${prefix}/upsample`);
  const weight = graph.op('Mul', [ctx.weight(0, kernelToOnnx), graph.scalar(1 / Math.sqrt(k * k * channels), 'scale')], {}, `${prefix}/kernel`); // [C_out, C_in, k, k]
  const pad = Math.floor((k - 1) / 2);
  let y = graph.op('Conv', [modulated, weight], { kernel_shape: attr.ints([k, k]), pads: attr.ints([pad, pad, k - 1 - pad, k - 1 - pad]) }, `${prefix}/conv`);
  const value = { name: y, layout: 'nchw' as const, rank: 4 };
  if (config['demodulate'] !== false) {
    const energy = graph.op('Transpose', [graph.op('ReduceSum', [graph.op('Mul', [weight, weight]), graph.int64s([2, 3], 'axes')], { keepdims: attr.int(0) })], { perm: attr.ints([1, 0]) }, `${prefix}/energy`); // [C_in, C_out]
    const d = rsqrt(graph, graph.op('MatMul', [graph.op('Mul', [s, s]), energy]), 1e-8, `${prefix}/demodulation`); // [N, C_out]
    y = graph.op('Mul', [y, graph.perExampleChannels(value, d)], {}, `${prefix}/demodulated`);
  }
  if (config['useBias'] === true) y = graph.op('Add', [y, graph.channelVector(value, ctx.weight(3))], {}, prefix);
  return { ...value, name: y };
};

/** NoiseInjection with its stored noise: lrelu(x + noise·strength + bias, 0.2)·√2. */
const noiseInjection: OnnxLayerConverter = (ctx) => {
  const { graph, prefix } = ctx;
  const x = ctx.inputs[0]!;
  const [strength, bias, noise] = [ctx.weight(0), ctx.weight(1), ctx.weight(2)];
  const laidOut = x.layout === 'nchw' ? graph.op('Transpose', [noise], { perm: attr.ints([0, 3, 1, 2]) }, `${prefix}/noise`) : noise; // [1, 1, H, W] or [1, H, W, 1]
  const y = graph.op('Add', [graph.op('Add', [x.name, graph.op('Mul', [laidOut, strength])]), graph.channelVector(x, bias)], {}, `${prefix}/biased`);
  const activated = graph.op('LeakyRelu', [y], { alpha: attr.float(0.2) }, `${prefix}/lrelu`);
  return { ...x, name: graph.op('Mul', [activated, graph.scalar(Math.SQRT2, 'gain')], {}, prefix) };
};

/** ConstantInput: the learned [s, s, C] constant repeated for each example of w, laid out NCHW. */
const constantInput: OnnxLayerConverter = (ctx) => {
  const { graph, prefix } = ctx;
  const w = graph.toTf(ctx.inputs[0]!).name;
  const [size, , channels] = ctx.weightShape(0) as [number, number, number];
  const value = graph.op('Unsqueeze', [graph.op('Transpose', [ctx.weight(0)], { perm: attr.ints([2, 0, 1]) }), graph.int64s([0], 'axes')], {}, `${prefix}/constant`); // [1, C, s, s]
  const shape = graph.op('Concat', [graph.op('Shape', [w], { start: attr.int(0), end: attr.int(1) }), graph.int64s([channels, size, size])], { axis: attr.int(0) });
  return { name: graph.op('Expand', [value, shape], {}, prefix), layout: 'nchw', rank: 4 };
};

/** Truncation at the run's ψ (config.truncationPsi, as `generate`): w̄ + ψ·(w - w̄). */
const truncation: OnnxLayerConverter = (ctx) => {
  const { graph, prefix } = ctx;
  const w = graph.toTf(ctx.inputs[0]!);
  const psi = Number(ctx.runConfig['truncationPsi'] ?? ctx.config['psi'] ?? 1);
  if (psi === 1) return { ...w, name: graph.op('Identity', [w.name], {}, prefix) };
  const mean = ctx.weight(0);
  const pulled = graph.op('Mul', [graph.op('Sub', [w.name, mean]), graph.scalar(psi, 'psi')]);
  return { ...w, name: graph.op('Add', [mean, pulled], {}, prefix) };
};

/** StyleGAN's converters, by tfjs class name. */
export const onnxConverters: OnnxConverters = {
  GanforgeModulatedConv2D: modulatedConv2d,
  GanforgeNoiseInjection: noiseInjection,
  GanforgeConstantInput: constantInput,
  GanforgeTruncation: truncation,
};

/** What StyleGAN adds to ONNX export: its layers, and the clip to [-1, 1] its `generate` applies. */
export const onnx: OnnxFamilySupport = { converters: onnxConverters, clipGeneratorOutput: [-1, 1] };
