/**
 * Layer gradients that compute only what backprop asks for.
 *
 * Inside a gradient tape, tfjs-layers' Conv2D and Dense with a linear activation run tfjs' fused
 * conv2d / matMul op, which wraps its kernel in customGrad. customGrad's backward pass returns the
 * input, weight and bias gradients all at once, so the tape computes every one of them even where
 * only some lie on the path to the variables. In a GAN that is every D-weight gradient of the G
 * update (D's weights are not G's variables) and D's first-layer input gradient in the D update
 * (images are not variables): about 7% of a DCGAN-64 training step on wasm.
 *
 * Here the two layers' `call` runs the same fused kernel through `runKernel` instead, and the
 * kernel's registered gradient below returns one thunk per input, which the tape evaluates only
 * for inputs it needs. Forward values and every gradient that is computed come from the same
 * kernels on the same inputs as before, so training is bit-identical, only without the unused
 * gradients (checked in test/pruned-gradients.test.ts). Outside a tape, or with a non-linear
 * activation, dilations or channels-first data, the layers run their own code unchanged.
 */
import * as tf from '@tensorflow/tfjs';

/** The attrs tfjs' fused ops give their kernels, restricted to the linear case this module handles. */
interface LinearFusedConvAttrs {
  strides: [number, number];
  pad: 'same' | 'valid';
  dataFormat: 'NHWC';
  dilations: [number, number];
  dimRoundingMode: undefined;
  activation: 'linear';
  leakyreluAlpha: undefined;
}

const requireLinear = (kernelName: string, attrs: tf.NamedAttrMap): void => {
  if (attrs.activation !== 'linear') {
    throw new Error(`ganforge's ${kernelName} gradient handles the linear activation only, got ${String(attrs.activation)}`);
  }
};

/**
 * The gradient of a per-channel bias (the layers' only kind): dy summed over every axis but the
 * last, as tfjs' getFusedBiasGradient does. The tape asks for it only where a bias is an input.
 */
const biasGradient = (dy: tf.Tensor): tf.Tensor => tf.sum(dy, dy.shape.slice(0, -1).map((_, axis) => axis));

const fusedConv2DGradient: tf.GradConfig = {
  kernelName: 'FusedConv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    requireLinear('FusedConv2D', attrs);
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const { strides, pad, dimRoundingMode } = attrs as unknown as LinearFusedConvAttrs;
    const dy4D = dy as tf.Tensor4D;
    return {
      x: () => tf.conv2dTranspose(dy4D, filter, x.shape, strides, pad, dimRoundingMode),
      filter: () => {
        const filterAttrs = { strides, pad, dataFormat: 'NHWC', dimRoundingMode, filterShape: filter.shape };
        return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: dy4D }, filterAttrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
      },
      bias: () => biasGradient(dy4D),
    };
  },
};

const fusedMatMulGradient: tf.GradConfig = {
  kernelName: '_FusedMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    requireLinear('_FusedMatMul', attrs);
    if (attrs.transposeA || attrs.transposeB) throw new Error("ganforge's _FusedMatMul gradient handles untransposed operands only");
    const [a, b] = saved as [tf.Tensor3D, tf.Tensor3D];
    const dy3D = dy as tf.Tensor3D;
    return {
      a: () => tf.matMul(dy3D, b, false, true),
      b: () => tf.matMul(a, dy3D, true, false),
      bias: () => biasGradient(dy3D),
    };
  },
};

/** What the patched layers read of themselves (tfjs-layers' Conv2D and Dense fields). */
interface LinearLayer {
  activation: { getClassName(): string };
  kernel: { read(): tf.Tensor };
  bias?: { read(): tf.Tensor } | null;
  invokeCallHook(inputs: tf.Tensor | tf.Tensor[], kwargs: object): void;
}
interface ConvLayer extends LinearLayer {
  strides: number[];
  padding: string;
  dataFormat: string;
  dilationRate: number | number[];
}

type LayerCall = (this: LinearLayer, inputs: tf.Tensor | tf.Tensor[], kwargs: object) => tf.Tensor | tf.Tensor[];

const taped = (): boolean => tf.engine().state.gradientDepth > 0;

/**
 * Where the pruned path runs, per layer kind: every backend but webgpu, where tfjs' own layer code
 * measured 1.4-1.7x faster on four of six configs (H200, 2026-12-04, issue 24).
 * GANFORGE_PRUNED_GRADIENTS=1 turns both kinds on everywhere, =0 off everywhere, =conv or =dense
 * only that kind, so a GPU run can measure each.
 */
function prunedHere(kind: 'conv' | 'dense'): boolean {
  const setting = typeof process !== 'undefined' ? process.env?.GANFORGE_PRUNED_GRADIENTS : undefined;
  if (setting === '1' || setting === '0') return setting === '1';
  if (setting === 'conv' || setting === 'dense') return setting === kind;
  return tf.getBackend() !== 'webgpu';
}
const singleInput = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | undefined =>
  Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;

/** Conv2D's taped linear case: the fused kernel as one tape node with a pruned gradient; undefined where the layer's own code applies. */
function conv2DLinear(layer: ConvLayer, x: tf.Tensor): tf.Tensor | undefined {
  const dilations = typeof layer.dilationRate === 'number' ? [layer.dilationRate, layer.dilationRate] : layer.dilationRate;
  if (x.rank !== 4 || layer.dataFormat !== 'channelsLast' || dilations.some((d) => d !== 1) || layer.activation.getClassName() !== 'linear') return undefined;
  const filter = layer.kernel.read();
  const bias = layer.bias?.read();
  const attrs: LinearFusedConvAttrs = {
    strides: layer.strides as [number, number],
    pad: layer.padding === 'same' ? 'same' : 'valid',
    dataFormat: 'NHWC',
    dilations: [1, 1],
    dimRoundingMode: undefined,
    activation: 'linear',
    leakyreluAlpha: undefined,
  };
  return tf.engine().runKernel('FusedConv2D', bias ? { x, filter, bias } : { x, filter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Dense's taped linear case on [N, K] input, as tfjs' fused matMul runs it ([1, N, K] x [1, K, U]). */
function denseLinear(layer: LinearLayer, x: tf.Tensor): tf.Tensor | undefined {
  if (x.rank !== 2 || layer.activation.getClassName() !== 'linear') return undefined;
  layer.invokeCallHook(x, {});
  const kernel = layer.kernel.read();
  const bias = layer.bias?.read();
  return tf.tidy(() => {
    const a = tf.reshape(x, [1, ...x.shape]);
    const b = tf.reshape(kernel, [1, ...kernel.shape]);
    const attrs = { transposeA: false, transposeB: false, activation: 'linear', leakyreluAlpha: 0.2 };
    const out = tf.engine().runKernel('_FusedMatMul', bias ? { a, b, bias } : { a, b }, attrs) as tf.Tensor;
    return tf.reshape(out, [x.shape[0]!, kernel.shape[1]!]);
  });
}

/** Wraps the `call` of the registered tfjs-layers class `className` with a taped fast path. */
function patchCall(className: string, kind: 'conv' | 'dense', fastPath: (layer: LinearLayer, x: tf.Tensor) => tf.Tensor | undefined): void {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`tfjs-layers has no ${className} layer to give pruned gradients`);
  const prototype = (entry[0] as unknown as { prototype: { call: LayerCall } }).prototype;
  const original = prototype.call;
  prototype.call = function call(this: LinearLayer, inputs, kwargs) {
    const x = taped() && prunedHere(kind) ? singleInput(inputs) : undefined;
    return (x !== undefined ? fastPath(this, x) : undefined) ?? original.call(this, inputs, kwargs);
  };
}

let registered = false;

/** Registers the pruned gradients and routes Conv2D's and Dense's taped linear case through them. Idempotent. */
export function registerPrunedGradients(): void {
  if (registered) return;
  registered = true;
  // A tfjs that registers gradients of its own for these kernels keeps its layers as they are.
  if (tf.getGradient('FusedConv2D') !== undefined || tf.getGradient('_FusedMatMul') !== undefined) return;
  tf.registerGradient(fusedConv2DGradient);
  tf.registerGradient(fusedMatMulGradient);
  patchCall('Conv2D', 'conv', (layer, x) => conv2DLinear(layer as ConvLayer, x));
  patchCall('Dense', 'dense', denseLinear);
}
