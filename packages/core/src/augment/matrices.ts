/** Small homogeneous matrices in plain numbers (row-major), one per image. */

/** A k x k matrix, row-major. */
export type Matrix = number[];

/** The k x k identity. */
export const identity = (k: number): Matrix => Array.from({ length: k * k }, (_, i) => (Math.floor(i / k) === i % k ? 1 : 0));

/** a · b for k x k matrices. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  const k = Math.round(Math.sqrt(a.length));
  const out = new Array<number>(k * k).fill(0);
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) for (let m = 0; m < k; m++) out[r * k + c]! += a[r * k + m]! * b[m * k + c]!;
  return out;
}

/** 2-D homogeneous scale diag(sx, sy, 1). */
export const scale2d = (sx: number, sy: number): Matrix => [sx, 0, 0, 0, sy, 0, 0, 0, 1];
/** 2-D homogeneous translation by (tx, ty). */
export const translate2d = (tx: number, ty: number): Matrix => [1, 0, tx, 0, 1, ty, 0, 0, 1];
/** 2-D rotation [[cos, -sin], [sin, cos]] from its cosine and sine. */
export const rotate2d = (cos: number, sin: number): Matrix => [cos, -sin, 0, sin, cos, 0, 0, 0, 1];
