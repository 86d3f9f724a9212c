/**
 * Conv2DBackpropFilter (every convolution's weight gradient, NHWC) as a tiled matrix product over
 * the batch and spatial axes:
 *
 *   dW[m, co] = Σ_k A[m, k] · dy[k, co]      m = (kh, kw, ci), k = (n, oh, ow)
 *   A[m, k]   = x[n, oh·sh - top + kh, ow·sw - left + kw, ci]   (0 outside the input)
 *
 * tfjs' webgpu kernel gives each of the KH·KW·Ci·Co outputs one thread that loops over all
 * N·OH·OW positions: a DCGAN discriminator's first layer (4·4·3 x 64 outputs, 64·32·32 positions)
 * is 3,072 threads each summing 65,536 products, most of a GPU idle. Here each workgroup computes a
 * 64x64 tile of dW from 16-deep slices of A and dy staged in workgroup memory (4x4 outputs a
 * thread), and the reduction over k is split across workgroups (split-K) until there are enough
 * of them to fill the GPU; a second dispatch adds the splits in a fixed order. Wide layers get
 * many tiles and few splits; thin ones (1 or 3 input channels) one tile and many splits.
 */
import { backend_util, type Conv2DBackpropFilterAttrs, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { dispatchShader, flatIndex, flatWorkgroups, newTensor, packUniforms } from './dispatch.js';
import type { WebGpuBackendLike } from './gpu-types.js';

const tile = 64;
const depth = 16;
/** Workgroups to aim for: enough to fill a large GPU (an H100/H200 has 132 multiprocessors). */
const targetWorkgroups = 528;
/** Fewest positions a split sums, so that tiny layers are not split into overhead. */
const minSplitDepth = 256;
/** Most floats the partial sums may take (64 MiB). */
const maxPartialFloats = 2 ** 24;

const gemmShader = (): string => `
@group(0) @binding(0) var<storage, read_write> partial : array<f32>;
@group(0) @binding(1) var<storage, read> x : array<f32>;
@group(0) @binding(2) var<storage, read> dy : array<f32>;
struct Dims { M : u32, N : u32, K : u32, kPerSplit : u32,
              inH : u32, inW : u32, inC : u32, outH : u32,
              outW : u32, kW : u32, strideH : u32, strideW : u32,
              padTop : i32, padLeft : i32 };
@group(0) @binding(3) var<uniform> d : Dims;
var<workgroup> As : array<array<f32, ${tile}>, ${depth}>;
var<workgroup> Bs : array<array<f32, ${tile}>, ${depth}>;

// A[m, k]: the input value that filter tap m multiplies at output position k.
fn loadA(m : u32, k : u32, kEnd : u32) -> f32 {
  if (m >= d.M || k >= kEnd) { return 0.0; }
  let ci = m % d.inC;
  let tap = m / d.inC;
  let kw = tap % d.kW;
  let kh = tap / d.kW;
  let ow = k % d.outW;
  let rest = k / d.outW;
  let oh = rest % d.outH;
  let n = rest / d.outH;
  let ih = i32(oh * d.strideH + kh) - d.padTop;
  let iw = i32(ow * d.strideW + kw) - d.padLeft;
  if (ih < 0 || iw < 0 || ih >= i32(d.inH) || iw >= i32(d.inW)) { return 0.0; }
  return x[((n * d.inH + u32(ih)) * d.inW + u32(iw)) * d.inC + ci];
}

fn loadB(k : u32, co : u32, kEnd : u32) -> f32 {
  if (co >= d.N || k >= kEnd) { return 0.0; }
  return dy[k * d.N + co];
}

@compute @workgroup_size(16, 16, 1)
fn main(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>) {
  let m0 = wid.x * ${tile}u;
  let n0 = wid.y * ${tile}u;
  let kBegin = wid.z * d.kPerSplit;
  let kEnd = min(kBegin + d.kPerSplit, d.K);
  let thread = lid.y * 16u + lid.x;
  var acc : array<array<f32, 4>, 4>;
  for (var k0 = kBegin; k0 < kEnd; k0 = k0 + ${depth}u) {
    for (var i = 0u; i < ${(tile * depth) / 256}u; i = i + 1u) {
      let e = thread + i * 256u;
      let kk = e / ${tile}u;
      let mm = e % ${tile}u;
      As[kk][mm] = loadA(m0 + mm, k0 + kk, kEnd);
      Bs[kk][mm] = loadB(k0 + kk, n0 + mm, kEnd);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${depth}u; kk = kk + 1u) {
      var a : array<f32, 4>;
      var b : array<f32, 4>;
      for (var r = 0u; r < 4u; r = r + 1u) { a[r] = As[kk][lid.y * 4u + r]; }
      for (var c = 0u; c < 4u; c = c + 1u) { b[c] = Bs[kk][lid.x * 4u + c]; }
      for (var r = 0u; r < 4u; r = r + 1u) {
        for (var c = 0u; c < 4u; c = c + 1u) { acc[r][c] = acc[r][c] + a[r] * b[c]; }
      }
    }
    workgroupBarrier();
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    for (var c = 0u; c < 4u; c = c + 1u) {
      let m = m0 + lid.y * 4u + r;
      let n = n0 + lid.x * 4u + c;
      if (m < d.M && n < d.N) { partial[(wid.z * d.M + m) * d.N + n] = acc[r][c]; }
    }
  }
}`;

const reduceShader = (): string => `
@group(0) @binding(0) var<storage, read_write> dw : array<f32>;
@group(0) @binding(1) var<storage, read> partial : array<f32>;
struct Dims { size : u32, splits : u32 };
@group(0) @binding(2) var<uniform> d : Dims;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let i = ${flatIndex(256)};
  if (i >= d.size) { return; }
  var sum = 0.0;
  for (var s = 0u; s < d.splits; s = s + 1u) { sum = sum + partial[s * d.size + i]; }
  dw[i] = sum;
}`;

/** How many ways to split the reduction over `k` positions for an M x N output. */
export function splitCount(m: number, n: number, k: number): number {
  const tiles = Math.ceil(m / tile) * Math.ceil(n / tile);
  const wanted = Math.ceil(targetWorkgroups / tiles);
  const byDepth = Math.max(1, Math.floor(k / minSplitDepth));
  const byMemory = Math.max(1, Math.floor(maxPartialFloats / (m * n)));
  return Math.max(1, Math.min(wanted, byDepth, byMemory));
}

/** Conv2DBackpropFilter for NHWC data (see the module comment). */
export const conv2DBackpropFilter: KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as WebGpuBackendLike;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') throw new Error(`ganforge's webgpu Conv2DBackpropFilter supports NHWC data only, got ${dataFormat}`);
  const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
  const [kh, kw, ci, co] = filterShape;
  const m = kh * kw * ci;
  const k = info.batchSize * info.outHeight * info.outWidth;
  const splits = splitCount(m, co, k);
  const kPerSplit = Math.ceil(Math.ceil(k / splits) / depth) * depth;
  const usedSplits = Math.ceil(k / kPerSplit);
  const dw = newTensor(backend, [kh, kw, ci, co]);
  const partial = usedSplits === 1 ? dw : newTensor(backend, [usedSplits, m, co]);
  dispatchShader(backend, {
    name: 'Conv2DBackpropFilterGEMM',
    code: gemmShader,
    bindings: [{ tensor: partial, write: true }, { tensor: x }, { tensor: dy }],
    uniforms: packUniforms([
      ['u', m], ['u', co], ['u', k], ['u', kPerSplit],
      ['u', info.inHeight], ['u', info.inWidth], ['u', ci], ['u', info.outHeight],
      ['u', info.outWidth], ['u', kw], ['u', info.strideHeight], ['u', info.strideWidth],
      ['i', info.padInfo.top], ['i', info.padInfo.left],
    ]),
    workgroups: [Math.ceil(m / tile), Math.ceil(co / tile), usedSplits],
  });
  if (partial !== dw) {
    dispatchShader(backend, {
      name: 'Conv2DBackpropFilterSum',
      code: reduceShader,
      bindings: [{ tensor: dw, write: true }, { tensor: partial }],
      uniforms: packUniforms([['u', m * co], ['u', usedSplits]]),
      workgroups: flatWorkgroups(backend, m * co, 256),
    });
    backend.disposeData(partial.dataId);
  }
  return dw;
};
