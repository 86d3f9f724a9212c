/**
 * ONNX converters of ProGAN's own layers (fade-in.ts), for `ganforge export --format onnx`. The
 * level of detail ℓ stays a weight in the file, so the exported generator renders at the
 * resolution its run was trained to, as the tfjs model does.
 */
import type { OnnxConverters, OnnxFamilySupport, OnnxLayerConverter } from '@ganforge/core/onnx';

/** FadeIn: Σ_i rgb_i · max(0, 1 - |ℓ - i|). */
const fadeIn: OnnxLayerConverter = (ctx) => {
  const { graph, prefix } = ctx;
  const images = graph.sameLayout(ctx.inputs);
  const lod = ctx.weight(0);
  const weighted = images.map((image, i) => {
    const distance = graph.op('Abs', [graph.op('Sub', [lod, graph.scalar(i, 'level')])]);
    const weight = graph.op('Relu', [graph.op('Sub', [graph.scalar(1), distance])], {}, `${prefix}/weight${i}`);
    return graph.op('Mul', [image.name, weight], {}, `${prefix}/rgb${i}`);
  });
  const name = weighted.length === 1 ? weighted[0]! : graph.op('Sum', weighted, {}, prefix);
  return { ...images[0]!, name };
};

/** CriticFade: skip·a + block·(1 - a), a = clamp(blockLevel - ℓ, 0, 1). */
const criticFade: OnnxLayerConverter = (ctx) => {
  const { graph, prefix } = ctx;
  const [skip, block] = graph.sameLayout(ctx.inputs) as [typeof ctx.inputs[0], typeof ctx.inputs[0]];
  const a = graph.op('Clip', [graph.op('Sub', [graph.scalar(Number(ctx.config['blockLevel']), 'block_level'), ctx.weight(0)]), graph.scalar(0), graph.scalar(1)], {}, `${prefix}/a`);
  const mixed = graph.op('Add', [graph.op('Mul', [skip!.name, a]), graph.op('Mul', [block!.name, graph.op('Sub', [graph.scalar(1), a])])], {}, prefix);
  return { ...skip!, name: mixed };
};

/** ProGAN's converters, by tfjs class name. */
export const onnxConverters: OnnxConverters = {
  GanforgeProganFadeIn: fadeIn,
  GanforgeProganCriticFade: criticFade,
};

/** What ProGAN adds to ONNX export: its layers, and the clip to [-1, 1] its `generate` applies. */
export const onnx: OnnxFamilySupport = { converters: onnxConverters, clipGeneratorOutput: [-1, 1] };
