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
 * XNNPACK matrix product and a col2im pass in JavaScript over the wasm heap:
 *
 *   cols = dy[N·OH·OW, Co] · Wᵀ[Co, KH·KW·Ci]
 *   dx[n, oh·s - top + kh, ow·s - left + kw, ci] += cols[(n, oh, ow), (kh, kw, ci)]
 *
 * The product does exactly the forward convolution's multiply-adds (an earlier sub-pixel form
 * computed padded phase grids, up to 1.56x more, plus filter rearrangements); col2im adds
 * contiguous Ci-long runs. The product runs over blocks of dy's rows so that cols stays under
 * 32 MiB: whole, it is KH·KW times dx (a 7x7 convolution's input gradient at 128x128x64 would
 * need 205 MB per image, which took CycleGAN past the wasm backend's 4 GiB heap).
 */
import {
  backend_util,
  getKernel,
  registerKernel,
  unregisterKernel,
  type BatchMatMulAttrs,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelFunc,
  type KernelConfig,
  type NamedAttrMap,
  type SumAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type WasmKernelCall = (name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) => TensorInfo;

/** Runs wasm kernels by name and disposes every intermediate result but the one returned. */
function kernelRunner(backend: KernelBackend): { run: WasmKernelCall; drop: (t: TensorInfo) => void; keepOnly: (result: TensorInfo) => TensorInfo } {
  let made: TensorInfo[] = [];
  const run: WasmKernelCall = (name, inputs, attrs) => {
    const kernel = getKernel(name, 'wasm');
    if (!kernel) throw new Error(`wasm backend has no ${name} kernel, which ganforge's training kernels are built from`);
    const out = kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
    made.push(out);
    return out;
  };
  /** Frees an intermediate now, so the next one can reuse its memory. */
  const drop = (t: TensorInfo): void => {
    made = made.filter((m) => m !== t);
    backend.disposeData(t.dataId);
  };
  const keepOnly = (result: TensorInfo): TensorInfo => {
    for (const t of made) if (t !== result) backend.disposeData(t.dataId);
    return result;
  };
  return { run, drop, keepOnly };
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

/** Floats of one block of Conv2DBackpropInput's cols matrix (32 MiB). */
const colsBudget = 2 ** 23;

/** A [1, rows, cols] view of `t` for BatchMatMul, sharing its memory. */
const asMatrix = (t: TensorInfo, rows: number, cols: number): TensorInfo => ({ ...t, shape: [1, rows, cols] });

/** The NHWC Conv2DBackpropInput as one matrix product and a col2im pass (see the module comment). */
const conv2DBackpropInput: KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as BackendWasm;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const convAttrs = attrs as unknown as Conv2DBackpropInputAttrs;
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  if (convAttrs.dataFormat !== 'NHWC') throw new Error(`ganforge's wasm Conv2DBackpropInput supports NHWC data only, got ${convAttrs.dataFormat}`);
  const info = backend_util.computeConv2DInfo(convAttrs.inputShape, [kh, kw, ci, co], convAttrs.strides, 1, convAttrs.pad, convAttrs.dimRoundingMode);
  const [n, height, width] = convAttrs.inputShape;
  const { outHeight, outWidth, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const rows = n * outHeight * outWidth;
  const patch = kh * kw * ci;

  const { run, drop, keepOnly } = kernelRunner(backend);
  const filterT = run('Transpose', { x: filter }, { perm: [3, 0, 1, 2] }); // [Co, KH, KW, Ci]
  const dx = backend.makeOutput([n, height, width, ci], 'float32');
  (backend.typedArrayFromHeap(dx) as Float32Array).fill(0);
  const blockRows = Math.max(1, Math.floor(colsBudget / patch));
  for (let first = 0; first < rows; first += blockRows) {
    const count = Math.min(blockRows, rows - first);
    const dyRows = count === rows ? asMatrix(dy, rows, co) : run('Slice', { x: asMatrix(dy, rows, co) }, { begin: [0, first, 0], size: [1, count, co] });
    const cols = run('BatchMatMul', { a: dyRows, b: asMatrix(filterT, co, patch) }, { transposeA: false, transposeB: false }); // [count, KH·KW·Ci]
    // Views after every allocation: growing the heap would detach earlier ones.
    const out = backend.typedArrayFromHeap(dx) as Float32Array;
    const src = backend.typedArrayFromHeap(cols) as Float32Array;
    for (let r = 0; r < count; r++) {
      const position = first + r; // (b, oh, ow) of this row of dy
      const ow = position % outWidth;
      const oh = Math.floor(position / outWidth) % outHeight;
      const b = Math.floor(position / (outWidth * outHeight));
      for (let y = 0; y < kh; y++) {
        const ih = oh * sh - top + y;
        if (ih < 0 || ih >= height) continue;
        for (let x = 0; x < kw; x++) {
          const iw = ow * sw - left + x;
          if (iw < 0 || iw >= width) continue;
          const to = ((b * height + ih) * width + iw) * ci;
          const from = r * patch + (y * kw + x) * ci;
          for (let c = 0; c < ci; c++) out[to + c]! += src[from + c]!;
        }
      }
    }
    drop(cols);
    if (count !== rows) drop(dyRows);
  }
  keepOnly(dx);
  return dx;
};

/**
 * BatchMatMul with a transposed operand. The backend runs transposeA/transposeB products through a
 * plain loop, 5-7x slower than its XNNPACK path, and every dense layer's gradient is such a product
 * (dA = dY·Bᵀ, dB = Aᵀ·dY). Transposing the operand first (last two axes) and multiplying without
 * flags gives the same product on the fast path.
 */
function fastTransposedMatMul(original: KernelConfig): KernelFunc {
  const transposingBatchMatMul: KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    if (!transposeA && !transposeB) return original.kernelFunc({ inputs, backend: anyBackend, attrs });
    const backend = anyBackend as KernelBackend;
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { run, keepOnly } = kernelRunner(backend);
    const swapLast = (t: TensorInfo) => {
      const rank = t.shape.length;
      return run('Transpose', { x: t }, { perm: [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2] });
    };
    const product = original.kernelFunc({
      inputs: { a: transposeA ? swapLast(a) : a, b: transposeB ? swapLast(b) : b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    }) as TensorInfo;
    return keepOnly(product);
  };
  return transposingBatchMatMul;
}

/**
 * Sum and Mean over leading axes ([N, H, W, C] -> [C]: every batch-norm statistic, its gradient and
 * every bias gradient). The backend transposes the input so the reduced axes come last, a full
 * strided copy that costs about twice the reduction itself; summing the rows of the [M, C] matrix
 * in place instead reads the input once. Each column is accumulated in float32 in row order, as the
 * backend's loop does, and Mean divides the sum by the count as the backend does, so the results
 * are bit-identical (test/wasm-kernels.test.ts). Other reductions go to the backend's kernel.
 */
function fastLeadingReduction(original: KernelConfig, mean: boolean): KernelFunc {
  const leadingReduction: KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { axis, keepDims } = attrs as unknown as SumAttrs;
    const rank = x.shape.length;
    const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32') return original.kernelFunc({ inputs, backend: anyBackend, attrs });
    const backend = anyBackend as BackendWasm;
    const kept = x.shape.slice(axes.length);
    const columns = util.sizeFromShape(kept);
    const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    // Views after the allocation: growing the heap would detach earlier ones.
    const sums = backend.typedArrayFromHeap(out) as Float32Array;
    const values = backend.typedArrayFromHeap(x) as Float32Array;
    sums.fill(0);
    for (let r = 0; r < rows; r++) {
      const offset = r * columns;
      for (let c = 0; c < columns; c++) sums[c]! += values[offset + c]!;
    }
    if (mean) for (let c = 0; c < columns; c++) sums[c] = sums[c]! / rows;
    return out;
  };
  return leadingReduction;
}

/**
 * Identity without a copy. The engine runs Identity wherever it clones a tensor, above all to keep
 * every tensor a gradient tape saves for the backward pass: hundreds per training step. The
 * backend copies the buffer each time; sharing it under a second reference, as the cpu backend and
 * the backend's own Reshape do, is safe because no kernel writes into its inputs.
 */
const sharingIdentity: KernelFunc = ({ inputs, backend: anyBackend }) => {
  const { x } = inputs as { x: TensorInfo };
  (anyBackend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
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
  // Identity, Sum and Mean wrap or replace the backend's own kernels (see above).
  const identity = getKernel('Identity', 'wasm');
  if (identity) {
    unregisterKernel('Identity', 'wasm');
    registerKernel({ ...identity, kernelFunc: sharingIdentity });
  }
  for (const [name, mean] of [['Sum', false], ['Mean', true]] as const) {
    const reduction = getKernel(name, 'wasm');
    if (!reduction) continue;
    unregisterKernel(name, 'wasm');
    registerKernel({ ...reduction, kernelFunc: fastLeadingReduction(reduction, mean) });
  }
  // Wraps the backend's own BatchMatMul; its setupFunc still binds the wasm function it calls.
  const batchMatMul = getKernel('BatchMatMul', 'wasm');
  if (batchMatMul) {
    unregisterKernel('BatchMatMul', 'wasm');
    registerKernel({ ...batchMatMul, kernelFunc: fastTransposedMatMul(batchMatMul) });
  }
  registered = true;
}
