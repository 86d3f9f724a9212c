/**
 * Latent codes as named tensors, and the JSON file `ganforge project` writes for each image. A code
 * holds every part a family's `render` reads (StyleGAN: `w` and its noise maps; DCGAN: `z`; cgan:
 * `z` and the one-hot `class`), each [N, ...] for N images. The file records the run's family and a
 * hash of its config, so a code is only ever read back into the networks that made it.
 */
import * as tf from '@tensorflow/tfjs';

/** Parts of a latent code by name, every tensor [N, ...] with the same N. */
export type LatentCode = Record<string, tf.Tensor>;

/** The `format` field of a code file. */
export const codeFileFormat = 'ganforge-latent-code';
/** The version this code writes and reads. */
export const codeFileVersion = 1;

/** One image's code on disk. */
export interface CodeFile {
  format: typeof codeFileFormat;
  version: number;
  /** The family of the run it belongs to, e.g. `stylegan`. */
  architecture: string;
  /** configHash of the run's config. */
  config: string;
  /** The latent space of the projection, e.g. `w+`. */
  space: string;
  /** Where it came from and how (run, network, image, steps, distance, ...): for people, never checked. */
  about: Record<string, unknown>;
  /** Each part without its leading N: shape and values, row-major. */
  tensors: Record<string, { shape: number[]; data: number[] }>;
}

/** A code file that does not belong to the run it is used with, or is not a code file; one line. */
export class CodeError extends Error {
  override name = 'CodeError';
}

/** JSON with object keys sorted at every level, so equal configs give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A fingerprint of a run's config: 64-bit FNV-1a of its canonical JSON, as `fnv1a64:<16 hex>`. Not a security hash. */
export function configHash(config: unknown): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(canonicalJson(config))) h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n);
  return `fnv1a64:${h.toString(16).padStart(16, '0')}`;
}

/** The run a code file must match: its family and configHash. */
export interface CodeOwner {
  architecture: string;
  config: string;
}

/** Row `row` of a code as a file (reads the values off the backend). */
export async function codeToFile(code: LatentCode, row: number, owner: CodeOwner, space: string, about: Record<string, unknown>): Promise<CodeFile> {
  const tensors: CodeFile['tensors'] = {};
  for (const [name, tensor] of Object.entries(code)) {
    const part = tf.tidy(() => tf.squeeze(tf.slice(tensor, row, 1), [0]));
    tensors[name] = { shape: part.shape, data: Array.from(await part.data()) };
    part.dispose();
  }
  return { format: codeFileFormat, version: codeFileVersion, architecture: owner.architecture, config: owner.config, space, about, tensors };
}

/**
 * The code [1, ...] a file holds, checked against the run it will be used with.
 * @throws CodeError (one line naming `file`) for a file that is not a code, or one from another family or config.
 */
export function codeFromFile(json: unknown, owner: CodeOwner, file: string): { code: LatentCode; space: string } {
  const parsed = json as Partial<CodeFile> | null;
  if (parsed?.format !== codeFileFormat || typeof parsed.tensors !== 'object' || parsed.tensors === null) {
    throw new CodeError(`"${file}" is not a latent code (no "format": "${codeFileFormat}"); write one with \`ganforge project\``);
  }
  if (parsed.version !== codeFileVersion) throw new CodeError(`"${file}" is a version ${parsed.version} code; this ganforge reads version ${codeFileVersion}`);
  if (parsed.architecture !== owner.architecture) {
    throw new CodeError(`"${file}" is a code of a ${parsed.architecture} run; this is a ${owner.architecture} run: project the image with this run instead`);
  }
  if (parsed.config !== owner.config) {
    throw new CodeError(`"${file}" was projected with another ${owner.architecture} run (config ${parsed.config}, this run's is ${owner.config}): project the image with this run instead`);
  }
  const code: LatentCode = {};
  for (const [name, { shape, data }] of Object.entries(parsed.tensors)) {
    if (!Array.isArray(shape) || !Array.isArray(data) || data.length !== shape.reduce((a, b) => a * b, 1)) {
      tf.dispose(Object.values(code));
      throw new CodeError(`"${file}": part "${name}" has ${Array.isArray(data) ? data.length : 'no'} values for shape [${String(shape)}]`);
    }
    code[name] = tf.tensor(data, [1, ...shape]);
  }
  return { code, space: String(parsed.space) };
}

/** Rows of several codes with the same parts and shapes, stacked: [ΣN, ...]. Caller disposes. */
export function concatCodes(codes: LatentCode[], what = 'codes'): LatentCode {
  const names = Object.keys(codes[0]!).sort();
  for (const code of codes) {
    const same = Object.keys(code).sort().join() === names.join() && names.every((n) => tf.util.arraysEqual(code[n]!.shape.slice(1), codes[0]![n]!.shape.slice(1)));
    if (!same) throw new CodeError(`${what} hold different parts or shapes (e.g. one in w, one in w+); use codes of one space`);
  }
  return Object.fromEntries(names.map((n) => [n, tf.concat(codes.map((c) => c[n]!))]));
}

/**
 * `frames` codes evenly spaced on the segment from code `a` to code `b` (both [1, ...]), part by
 * part; parts of different shapes broadcast (a w code against a w+ code). Caller disposes.
 */
export function lerpCodes(a: LatentCode, b: LatentCode, frames: number): LatentCode {
  const names = Object.keys(a).sort();
  if (Object.keys(b).sort().join() !== names.join()) throw new CodeError(`the two codes hold different parts (${names.join(', ')} vs ${Object.keys(b).sort().join(', ')})`);
  return tf.tidy(() =>
    Object.fromEntries(
      names.map((n) => {
        const [from, to] = [a[n]!, b[n]!];
        const rank = Math.max(from.rank, to.rank);
        const t = tf.reshape(frames === 1 ? tf.zeros([1]) : tf.linspace(0, 1, frames), [frames, ...new Array<number>(rank - 1).fill(1)]);
        return [n, tf.add(from, tf.mul(t, tf.sub(to, from)))];
      }),
    ),
  );
}

/** Rows `indices` of a code. Caller disposes. */
export const selectCodeRows = (code: LatentCode, indices: number[]): LatentCode =>
  tf.tidy(() => Object.fromEntries(Object.entries(code).map(([n, t]) => [n, tf.gather(t, tf.tensor1d(indices, 'int32'))])));

/** Frees every part of a code. */
export const disposeCode = (code: LatentCode): void => tf.dispose(Object.values(code));
