/**
 * Batch and instance normalisation on webgpu in a few dispatches each, forward and backward.
 *
 * Both normalise x, seen as [G, R, C] (G groups of R rows of C channels; batch norm: G = 1, R =
 * N·H·W; instance norm: G = N, R = H·W), per group and channel:
 *
 *   y = (x - μ) · rsqrt(σ² + ε) · γ + β        (σ² biased, as tfjs' moments and PyTorch)
 *   dx = γ · r · (dy - mean_R(dy) - x̂ · mean_R(dy · x̂)),  dγ = Σ dy · x̂,  dβ = Σ dy
 *
 * Forward: partial sums of x - s and (x - s)² over row blocks (s, the group's first row, keeps the
 * one-pass variance exact to rounding when |μ| >> σ), a pass that adds the blocks into μ and σ², and
 * the normalising pass: 3 dispatches. Backward: partial sums of dy and dy·x̂, their totals (and dγ,
 * dβ), and dx: 3 dispatches. tfjs' ops take about a dozen forward and two dozen backward.
 *
 * The kernels are `GanforgeNormalize` (outputs y, μ, σ²) and `GanforgeNormalizeGrad` (dx, dγ, dβ).
 * The first one's gradient is the second; the second one's gradient (second order: R1, gradient
 * penalties) differentiates the same backward formula written in tfjs ops, so higher orders work.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { dispatchShader, flatIndex, flatWorkgroups, newTensor, packUniforms } from './dispatch.js';
import type { WebGpuBackendLike } from './gpu-types.js';

/** Attributes of both kernels. */
export interface NormalizeAttrs {
  epsilon: number;
  /** true: statistics per image (instance norm, rank 4); false: over every row (batch norm). */
  perImage: boolean;
}

/** G, R, C of x for these attrs. */
function layout(shape: readonly number[], perImage: boolean): { groups: number; rows: number; channels: number } {
  const channels = shape[shape.length - 1]!;
  const size = shape.reduce((a, b) => a * b, 1);
  const groups = perImage ? shape[0]! : 1;
  return { groups, rows: size / channels / groups, channels };
}

/** Row blocks per group: enough workgroups to fill a GPU, at least 64 rows a block. */
function rowSplits(groups: number, rows: number, channels: number): number {
  const wanted = Math.ceil(256 / (Math.ceil(channels / 16) * groups));
  return Math.max(1, Math.min(wanted, Math.ceil(rows / 64)));
}

const dimsStruct = 'struct Dims { G : u32, R : u32, C : u32, S : u32, rowsPerSplit : u32, epsilon : f32 };';
const dims = (g: number, r: number, c: number, s: number, epsilon: number): ArrayBuffer =>
  packUniforms([['u', g], ['u', r], ['u', c], ['u', s], ['u', Math.ceil(r / s)], ['f', epsilon]]);

/** Partial sums over a row block for 16 channels: two sums per (group, block, channel) into partial [G, S, C, 2]. */
const partialShader = (forward: boolean) => (): string => `
@group(0) @binding(0) var<storage, read_write> partial : array<f32>;
@group(0) @binding(1) var<storage, read> x : array<f32>;
${forward ? '' : `@group(0) @binding(2) var<storage, read> dy : array<f32>;
@group(0) @binding(3) var<storage, read> mean : array<f32>;
@group(0) @binding(4) var<storage, read> variance : array<f32>;`}
${dimsStruct}
@group(0) @binding(${forward ? 2 : 5}) var<uniform> d : Dims;
var<workgroup> s1 : array<array<f32, 16>, 16>;
var<workgroup> s2 : array<array<f32, 16>, 16>;
@compute @workgroup_size(16, 16, 1)
fn main(@builtin(local_invocation_id) lid : vec3<u32>, @builtin(workgroup_id) wid : vec3<u32>) {
  let c = wid.x * 16u + lid.x;
  let split = wid.y;
  let g = wid.z;
  var a = 0.0;
  var b = 0.0;
  if (c < d.C) {
    let first = split * d.rowsPerSplit;
    let last = min(first + d.rowsPerSplit, d.R);
    ${forward
      ? 'let shift = x[g * d.R * d.C + c];'
      : 'let mu = mean[g * d.C + c];\n    let r = inverseSqrt(variance[g * d.C + c] + d.epsilon);'}
    for (var row = first + lid.y; row < last; row = row + 16u) {
      let i = (g * d.R + row) * d.C + c;
      ${forward
        ? 'let v = x[i] - shift;\n      a = a + v;\n      b = b + v * v;'
        : 'let e = dy[i];\n      a = a + e;\n      b = b + e * ((x[i] - mu) * r);'}
    }
  }
  s1[lid.y][lid.x] = a;
  s2[lid.y][lid.x] = b;
  workgroupBarrier();
  if (lid.y == 0u && c < d.C) {
    var ta = 0.0;
    var tb = 0.0;
    for (var k = 0u; k < 16u; k = k + 1u) {
      ta = ta + s1[k][lid.x];
      tb = tb + s2[k][lid.x];
    }
    let o = ((g * d.S + split) * d.C + c) * 2u;
    partial[o] = ta;
    partial[o + 1u] = tb;
  }
}`;

/** Forward totals: μ and σ² [G, C] from the partial sums. */
const statsShader = (): string => `
@group(0) @binding(0) var<storage, read_write> mean : array<f32>;
@group(0) @binding(1) var<storage, read_write> variance : array<f32>;
@group(0) @binding(2) var<storage, read> partial : array<f32>;
@group(0) @binding(3) var<storage, read> x : array<f32>;
${dimsStruct}
@group(0) @binding(4) var<uniform> d : Dims;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = gid.x;
  if (i >= d.G * d.C) { return; }
  let g = i / d.C;
  let c = i % d.C;
  var a = 0.0;
  var b = 0.0;
  for (var s = 0u; s < d.S; s = s + 1u) {
    let o = ((g * d.S + s) * d.C + c) * 2u;
    a = a + partial[o];
    b = b + partial[o + 1u];
  }
  let n = f32(d.R);
  let shifted = a / n;
  mean[i] = x[g * d.R * d.C + c] + shifted;
  variance[i] = max(b / n - shifted * shifted, 0.0);
}`;

/** y = (x - μ) · rsqrt(σ² + ε) · γ + β, elementwise. */
const applyShader = (): string => `
@group(0) @binding(0) var<storage, read_write> y : array<f32>;
@group(0) @binding(1) var<storage, read> x : array<f32>;
@group(0) @binding(2) var<storage, read> mean : array<f32>;
@group(0) @binding(3) var<storage, read> variance : array<f32>;
@group(0) @binding(4) var<storage, read> gamma : array<f32>;
@group(0) @binding(5) var<storage, read> beta : array<f32>;
${dimsStruct}
@group(0) @binding(6) var<uniform> d : Dims;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let i = ${flatIndex(256)};
  if (i >= d.G * d.R * d.C) { return; }
  let c = i % d.C;
  let s = (i / (d.R * d.C)) * d.C + c;
  y[i] = (x[i] - mean[s]) * inverseSqrt(variance[s] + d.epsilon) * gamma[c] + beta[c];
}`;

/** Backward totals: per (group, channel) mean_R(dy) and mean_R(dy·x̂) into sums [G, C, 2]; dγ, dβ [C] over every group. */
const gradTotalsShader = (): string => `
@group(0) @binding(0) var<storage, read_write> sums : array<f32>;
@group(0) @binding(1) var<storage, read_write> dgamma : array<f32>;
@group(0) @binding(2) var<storage, read_write> dbeta : array<f32>;
@group(0) @binding(3) var<storage, read> partial : array<f32>;
${dimsStruct}
@group(0) @binding(4) var<uniform> d : Dims;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let c = gid.x;
  if (c >= d.C) { return; }
  var ga = 0.0;
  var gb = 0.0;
  for (var g = 0u; g < d.G; g = g + 1u) {
    var a = 0.0;
    var b = 0.0;
    for (var s = 0u; s < d.S; s = s + 1u) {
      let o = ((g * d.S + s) * d.C + c) * 2u;
      a = a + partial[o];
      b = b + partial[o + 1u];
    }
    sums[(g * d.C + c) * 2u] = a / f32(d.R);
    sums[(g * d.C + c) * 2u + 1u] = b / f32(d.R);
    ga = ga + a;
    gb = gb + b;
  }
  dbeta[c] = ga;
  dgamma[c] = gb;
}`;

/** dx = γ · r · (dy - mean(dy) - x̂ · mean(dy·x̂)), elementwise. */
const gradApplyShader = (): string => `
@group(0) @binding(0) var<storage, read_write> dx : array<f32>;
@group(0) @binding(1) var<storage, read> dy : array<f32>;
@group(0) @binding(2) var<storage, read> x : array<f32>;
@group(0) @binding(3) var<storage, read> mean : array<f32>;
@group(0) @binding(4) var<storage, read> variance : array<f32>;
@group(0) @binding(5) var<storage, read> gamma : array<f32>;
@group(0) @binding(6) var<storage, read> sums : array<f32>;
${dimsStruct}
@group(0) @binding(7) var<uniform> d : Dims;
@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid : vec3<u32>, @builtin(num_workgroups) nwg : vec3<u32>) {
  let i = ${flatIndex(256)};
  if (i >= d.G * d.R * d.C) { return; }
  let c = i % d.C;
  let s = (i / (d.R * d.C)) * d.C + c;
  let r = inverseSqrt(variance[s] + d.epsilon);
  let xhat = (x[i] - mean[s]) * r;
  dx[i] = gamma[c] * r * (dy[i] - sums[s * 2u] - xhat * sums[s * 2u + 1u]);
}`;

/** GanforgeNormalize: inputs x, gamma [C], beta [C]; outputs y, mean [G, C], variance [G, C]. */
export const normalizeKernel: KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as WebGpuBackendLike;
  const { x, gamma, beta } = inputs as { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
  const { epsilon, perImage } = attrs as unknown as NormalizeAttrs;
  const { groups, rows, channels } = layout(x.shape, perImage);
  const splits = rowSplits(groups, rows, channels);
  const uniforms = dims(groups, rows, channels, splits, epsilon);
  const partial = newTensor(backend, [groups, splits, channels, 2]);
  const mean = newTensor(backend, [groups, channels]);
  const variance = newTensor(backend, [groups, channels]);
  const y = newTensor(backend, [...x.shape]);
  dispatchShader(backend, {
    name: 'NormalizeSums', code: partialShader(true), bindings: [{ tensor: partial, write: true }, { tensor: x }],
    uniforms, workgroups: [Math.ceil(channels / 16), splits, groups],
  });
  dispatchShader(backend, {
    name: 'NormalizeStats', code: statsShader,
    bindings: [{ tensor: mean, write: true }, { tensor: variance, write: true }, { tensor: partial }, { tensor: x }],
    uniforms, workgroups: [Math.ceil((groups * channels) / 64), 1, 1],
  });
  dispatchShader(backend, {
    name: 'NormalizeApply', code: applyShader,
    bindings: [{ tensor: y, write: true }, { tensor: x }, { tensor: mean }, { tensor: variance }, { tensor: gamma }, { tensor: beta }],
    uniforms, workgroups: flatWorkgroups(backend, groups * rows * channels, 256),
  });
  backend.disposeData(partial.dataId);
  return [y, mean, variance];
};

/** GanforgeNormalizeGrad: inputs dy, x, gamma, mean, variance; outputs dx, dgamma [C], dbeta [C]. */
export const normalizeGradKernel: KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as unknown as WebGpuBackendLike;
  const { dy, x, gamma, mean, variance } = inputs as Record<'dy' | 'x' | 'gamma' | 'mean' | 'variance', TensorInfo>;
  const { epsilon, perImage } = attrs as unknown as NormalizeAttrs;
  const { groups, rows, channels } = layout(x.shape, perImage);
  const splits = rowSplits(groups, rows, channels);
  const uniforms = dims(groups, rows, channels, splits, epsilon);
  const partial = newTensor(backend, [groups, splits, channels, 2]);
  const sums = newTensor(backend, [groups, channels, 2]);
  const dgamma = newTensor(backend, [channels]);
  const dbeta = newTensor(backend, [channels]);
  const dx = newTensor(backend, [...x.shape]);
  dispatchShader(backend, {
    name: 'NormalizeGradSums', code: partialShader(false),
    bindings: [{ tensor: partial, write: true }, { tensor: x }, { tensor: dy }, { tensor: mean }, { tensor: variance }],
    uniforms, workgroups: [Math.ceil(channels / 16), splits, groups],
  });
  dispatchShader(backend, {
    name: 'NormalizeGradTotals', code: gradTotalsShader,
    bindings: [{ tensor: sums, write: true }, { tensor: dgamma, write: true }, { tensor: dbeta, write: true }, { tensor: partial }],
    uniforms, workgroups: [Math.ceil(channels / 64), 1, 1],
  });
  dispatchShader(backend, {
    name: 'NormalizeGradApply', code: gradApplyShader,
    bindings: [{ tensor: dx, write: true }, { tensor: dy }, { tensor: x }, { tensor: mean }, { tensor: variance }, { tensor: gamma }, { tensor: sums }],
    uniforms, workgroups: flatWorkgroups(backend, groups * rows * channels, 256),
  });
  backend.disposeData(partial.dataId);
  backend.disposeData(sums.dataId);
  return [dx, dgamma, dbeta];
};

/** The backward formula in tfjs ops (statistics recomputed from x), for second-order gradients. */
function backwardOps(dy: tf.Tensor, x: tf.Tensor, gamma: tf.Tensor, { epsilon, perImage }: NormalizeAttrs): tf.Tensor[] {
  const rank = x.rank;
  const axes = perImage ? [1, 2] : Array.from({ length: rank - 1 }, (_, i) => i);
  const allButLast = Array.from({ length: rank - 1 }, (_, i) => i);
  const mean = tf.mean(x, axes, true);
  const centred = tf.sub(x, mean);
  const r = tf.rsqrt(tf.add(tf.mean(tf.square(centred), axes, true), epsilon));
  const xhat = tf.mul(centred, r);
  const dyXhat = tf.mul(dy, xhat);
  const dx = tf.mul(tf.mul(gamma, r), tf.sub(tf.sub(dy, tf.mean(dy, axes, true)), tf.mul(xhat, tf.mean(dyXhat, axes, true))));
  return [dx, tf.sum(dyXhat, allButLast), tf.sum(dy, allButLast)];
}

/** Gradients: GanforgeNormalize's is GanforgeNormalizeGrad (μ and σ² outputs feed running averages only and get none). */
export const normalizeGradient: tf.GradConfig = {
  kernelName: 'GanforgeNormalize',
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [x, gamma, mean, variance] = saved as tf.Tensor[];
    const dy = (Array.isArray(dys) ? dys[0] : dys)!;
    // Computed here, not in a thunk: tfjs runs each thunk in its own tidy, which would free the
    // other two outputs; those not taken are freed with the backward pass.
    const [dx, dgamma, dbeta] = tf.engine().runKernel('GanforgeNormalizeGrad', { dy, x: x!, gamma: gamma!, mean: mean!, variance: variance! }, attrs) as tf.Tensor[];
    return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
  },
};

/** Second order: the vector-Jacobian product of backwardOps, which tfjs differentiates further. */
export const normalizeGradGradient: tf.GradConfig = {
  kernelName: 'GanforgeNormalizeGrad',
  inputsToSave: ['dy', 'x', 'gamma', 'mean', 'variance'],
  gradFunc: (dys, saved, attrs) => {
    const [dy, x, gamma, mean, variance] = saved as tf.Tensor[];
    const seeds = dys as tf.Tensor[];
    // Computed here, not in a thunk (see normalizeGradient). A gradient call inside the outermost
    // backward pass would start a new tape in place of the one being walked and then drop it; one
    // level deeper it records onto the walked tape, which the outer pass frees when it ends.
    const state = tf.engine().state;
    state.gradientDepth++;
    let ddy: tf.Tensor | undefined, dx: tf.Tensor | undefined, dgamma: tf.Tensor | undefined;
    try {
      [ddy, dx, dgamma] = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
        const outs = backwardOps(a, b, c, attrs as unknown as NormalizeAttrs);
        return tf.addN(outs.map((o, i) => tf.sum(tf.mul(o, seeds[i] ?? tf.zerosLike(o)))));
      })([dy!, x!, gamma!]);
    } finally {
      state.gradientDepth--;
    }
    return { dy: () => ddy!, x: () => dx!, gamma: () => dgamma!, mean: () => tf.zerosLike(mean!), variance: () => tf.zerosLike(variance!) };
  },
};

const movingAverageShader = (): string => `
@group(0) @binding(0) var<storage, read_write> movingMean : array<f32>;
@group(0) @binding(1) var<storage, read_write> movingVariance : array<f32>;
@group(0) @binding(2) var<storage, read> mean : array<f32>;
@group(0) @binding(3) var<storage, read> variance : array<f32>;
struct Scalars { decay : f32, size : u32 };
@group(0) @binding(4) var<uniform> s : Scalars;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = gid.x;
  if (i >= s.size) { return; }
  let m = movingMean[i];
  movingMean[i] = m - (m - mean[i]) * s.decay;
  let v = movingVariance[i];
  movingVariance[i] = v - (v - variance[i]) * s.decay;
}`;

/**
 * tfjs-layers' running averages (moving ← moving - (moving - batch)·(1 - momentum)), both in one
 * in-place dispatch. `movingMean` and `movingVariance` must own their buffers.
 */
export function updateMovingAverages(backend: WebGpuBackendLike, movingMean: tf.Variable, movingVariance: tf.Variable, mean: tf.Tensor, variance: tf.Tensor, momentum: number): void {
  dispatchShader(backend, {
    name: 'BatchNormMovingAverages',
    code: movingAverageShader,
    bindings: [{ tensor: movingMean, write: true }, { tensor: movingVariance, write: true }, { tensor: mean }, { tensor: variance }],
    uniforms: packUniforms([['f', 1 - momentum], ['u', movingMean.size]]),
    workgroups: [Math.ceil(movingMean.size / 64), 1, 1],
  });
}
