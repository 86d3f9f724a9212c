/**
 * Training kernels that `@tensorflow/tfjs-backend-wasm` lacks, built from the wasm backend's own
 * kernels so the heavy work stays in XNNPACK.
 *
 * Conv2DBackpropFilter (the filter gradient of every convolution) is the one training needs:
 *
 *   dW[kh, kw, ci, co] = Σ_{n, oh, ow} xpad[n, oh·s + kh, ow·s + kw, ci] · dy[n, oh, ow, co]
 *
 * which is itself a convolution: take x as a batch of Ci single images whose channels are the N
 * examples (xT = [Ci, Hp, Wp, N]), take dy as a filter of size OH x OW mapping N to Co channels
 * (dyT = [OH, OW, N, Co]), and convolve with dilation s and stride 1. The result [Ci, KH', KW', Co]
 * is sliced to the filter size and transposed back to [KH, KW, Ci, Co].
 *
 * Conv2DBackpropInput (every transposed convolution's forward pass and every convolution's input
 * gradient) replaces the backend's direct loop, which runs about 10x slower than its Conv2D, by one
 * XNNPACK convolution in sub-pixel form. Output row h takes only the filter taps kh ≡ (h + top) mod s:
 *
 *   dx[h] = Σ_m dy[q - m] · W[r + m·s],   q = ⌊(h + top) / s⌋,  r = (h + top) mod s
 *
 * so each of the s·s phases (r_h, r_w) is a stride-1 correlation of the undilated dy with a
 * ⌈K/s⌉-tap sub-filter. All phases run as one Conv2D whose output channels are (r_h, r_w, ci); the
 * result is interleaved back (depth-to-space) and cropped to the input size.
 */
import {
  backend_util,
  getKernel,
  registerKernel,
  unregisterKernel,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs';

type WasmKernelCall = (name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) => TensorInfo;

/** Runs wasm kernels by name and disposes every intermediate result but the one returned. */
function kernelRunner(backend: KernelBackend): { run: WasmKernelCall; keepOnly: (result: TensorInfo) => TensorInfo } {
  const made: TensorInfo[] = [];
  const run: WasmKernelCall = (name, inputs, attrs) => {
    const kernel = getKernel(name, 'wasm');
    if (!kernel) throw new Error(`wasm backend has no ${name} kernel, which ganforge's training kernels are built from`);
    const out = kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
    made.push(out);
    return out;
  };
  const keepOnly = (result: TensorInfo): TensorInfo => {
    for (const t of made) if (t !== result) backend.disposeData(t.dataId);
    return result;
  };
  return { run, keepOnly };
}

/** Conv2DBackpropFilter for NHWC data, as a dilated convolution (see the module comment). */
const conv2DBackpropFilter: KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as KernelBackend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') {
    throw new Error(`ganforge's wasm Conv2DBackpropFilter supports NHWC data only, got ${dataFormat}`);
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { run, keepOnly } = kernelRunner(backend);
  const { top, bottom, left, right } = info.padInfo;

  // [N, Hp, Wp, Ci], zero padded as the forward convolution saw it.
  const xPadded = top + bottom + left + right > 0
    ? run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 })
    : x;
  const xT = run('Transpose', { x: xPadded }, { perm: [3, 1, 2, 0] }); // [Ci, Hp, Wp, N]
  const dyT = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, N, Co]
  const full = run('Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1],
    pad: 'valid',
    dataFormat: 'NHWC',
    dilations: [info.strideHeight, info.strideWidth],
    dimRoundingMode: undefined as unknown as string,
  }); // [Ci, KH', KW', Co], KH' >= KH
  const [kh, kw, ci, co] = filterShape;
  const exact = full.shape[1] === kh && full.shape[2] === kw
    ? full
    : run('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] });
  return keepOnly(run('Transpose', { x: exact }, { perm: [1, 2, 0, 3] })); // [KH, KW, Ci, Co]
};

/** The NHWC Conv2DBackpropInput in sub-pixel form (see the module comment). */
const conv2DBackpropInput: KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as KernelBackend;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
  if (dataFormat !== 'NHWC') throw new Error(`ganforge's wasm Conv2DBackpropInput supports NHWC data only, got ${dataFormat}`);
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(inputShape, [kh, kw, ci, co], strides, 1, pad, dimRoundingMode);
  const [n, height, width] = inputShape;
  const [, outHeight, outWidth] = dy.shape as [number, number, number, number];
  const sh = info.strideHeight;
  const sw = info.strideWidth;
  const mh = Math.ceil(kh / sh); // taps per phase
  const mw = Math.ceil(kw / sw);
  const { top, left } = info.padInfo;
  // Rows q of every phase that some output row h in [0, H) needs.
  const qh0 = Math.floor(top / sh);
  const qw0 = Math.floor(left / sw);
  const qh = Math.floor((height - 1 + top) / sh) - qh0 + 1;
  const qw = Math.floor((width - 1 + left) / sw) - qw0 + 1;
  const { run, keepOnly } = kernelRunner(backend);

  // dy placed so that a valid mh x mw correlation yields rows qh0..qh0+qh-1: [N, qh+mh-1, qw+mw-1, Co].
  const padTop = mh - 1 - qh0;
  const padLeft = mw - 1 - qw0;
  const padBottom = qh + mh - 1 - outHeight - padTop;
  const padRight = qw + mw - 1 - outWidth - padLeft;
  let dyPlaced = dy;
  if (Math.min(padTop, padLeft, padBottom, padRight) < 0) {
    const cropTop = Math.max(0, -padTop);
    const cropLeft = Math.max(0, -padLeft);
    dyPlaced = run('Slice', { x: dy }, {
      begin: [0, cropTop, cropLeft, 0],
      size: [n, outHeight - cropTop - Math.max(0, -padBottom), outWidth - cropLeft - Math.max(0, -padRight), co],
    });
  }
  if (Math.max(padTop, padLeft, padBottom, padRight) > 0) {
    const paddings = [[0, 0], [Math.max(0, padTop), Math.max(0, padBottom)], [Math.max(0, padLeft), Math.max(0, padRight)], [0, 0]];
    dyPlaced = run('PadV2', { x: dyPlaced }, { paddings, constantValue: 0 });
  }

  // Sub-filters of all phases: [KH, KW, Ci, Co] -> [mh, mw, Co, sh·sw·Ci], taps reversed (correlation).
  const padded = run('PadV2', { x: filter }, { paddings: [[0, mh * sh - kh], [0, mw * sw - kw], [0, 0], [0, 0]], constantValue: 0 });
  const swapped = run('Transpose', { x: padded }, { perm: [0, 1, 3, 2] }); // [mh·sh, mw·sw, Co, Ci]
  const a = run('Transpose', { x: run('Reshape', { x: swapped }, { shape: [mh, sh, mw, sw * co * ci] }) }, { perm: [0, 2, 1, 3] }); // [mh, mw, sh, sw·Co·Ci]
  const b = run('Transpose', { x: run('Reshape', { x: a }, { shape: [mh * mw, sh * sw, co, ci] }) }, { perm: [0, 2, 1, 3] }); // [mh·mw, Co, sh·sw, Ci]
  const phaseFilter = run('Reverse', { x: run('Reshape', { x: b }, { shape: [mh, mw, co, sh * sw * ci] }) }, { dims: [0, 1] });

  const phases = run('Conv2D', { x: dyPlaced, filter: phaseFilter }, {
    strides: [1, 1],
    pad: 'valid',
    dataFormat: 'NHWC',
    dilations: [1, 1],
    dimRoundingMode: undefined as unknown as string,
  }); // [N, qh, qw, sh·sw·Ci]
  // Depth to space: [N·qh, qw, sh, sw·Ci] -> [N·qh, sh, qw, sw·Ci] -> [N, qh·sh, qw·sw, Ci].
  const interleaved = run('Transpose', { x: run('Reshape', { x: phases }, { shape: [n * qh, qw, sh, sw * ci] }) }, { perm: [0, 2, 1, 3] });
  const full = run('Reshape', { x: interleaved }, { shape: [n, qh * sh, qw * sw, ci] });
  const offsetH = top - qh0 * sh;
  const offsetW = left - qw0 * sw;
  if (offsetH === 0 && offsetW === 0 && qh * sh === height && qw * sw === width) return keepOnly(full);
  return keepOnly(run('Slice', { x: full }, { begin: [0, offsetH, offsetW, 0], size: [n, height, width, ci] }));
};

let registered = false;

/**
 * Registers the training kernels the wasm backend lacks. Idempotent; call after the wasm backend
 * package is imported (initBackend does this).
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  if (!getKernel('Conv2DBackpropFilter', 'wasm')) {
    registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter });
  }
  // Replaces the backend's own, slower kernel of the same name.
  if (getKernel('Conv2DBackpropInput', 'wasm')) unregisterKernel('Conv2DBackpropInput', 'wasm');
  registerKernel({ kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2DBackpropInput });
  registered = true;
}
