/** Option parsers shared by the commands; each names the option and what it accepts. */
import { InvalidArgumentError } from 'commander';
import { backendChoices, parseBackendChoice, parseImageSize, type BackendChoice, type ImageSize } from '@ganforge/core';

/** `--size`: N (N x N) or HxW (height x width). */
export function imageSize(value: string): ImageSize {
  try {
    return parseImageSize(value);
  } catch {
    throw new InvalidArgumentError('must be N or HxW in pixels, e.g. 64 or 32x64.');
  }
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer.');
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number, 0 or more.');
  return n;
}

export function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be an integer.');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number.');
  return n;
}

export function fraction(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n >= 1) throw new InvalidArgumentError('must be a number in [0, 1).');
  return n;
}

export function backend(value: string): BackendChoice {
  try {
    return parseBackendChoice(value);
  } catch {
    throw new InvalidArgumentError(`must be one of ${backendChoices.join(', ')}.`);
  }
}

export const backendHelp = `compute backend: ${backendChoices.join(' | ')} (default: $GANFORGE_BACKEND, else auto: tfjs-node-gpu, tfjs-node, then wasm)`;

export function translationDirection(value: string): 'AtoB' | 'BtoA' {
  if (value === 'AtoB' || value === 'BtoA') return value;
  throw new InvalidArgumentError('must be AtoB or BtoA.');
}

/** Any finite number. */
export function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number.');
  return n;
}

/** Comma-separated integers, e.g. 1,2,3. */
export function seedList(value: string): number[] {
  const seeds = value.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s))) throw new InvalidArgumentError('must be comma-separated integer seeds, e.g. 1,2,3.');
  return seeds;
}

/** Two comma-separated non-empty words, e.g. 3,8. */
export function pair(value: string): [string, string] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length !== 2 || parts.some((p) => p === '')) throw new InvalidArgumentError('must be two values, from,to, e.g. 3,8.');
  return [parts[0]!, parts[1]!];
}

/** Comma-separated non-empty words, e.g. a.json,b.json. */
export function list(value: string): string[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) throw new InvalidArgumentError('must be comma-separated names, e.g. a.json,b.json.');
  return parts;
}

/** A parser that takes one of `choices`. */
export const oneOf =
  (choices: readonly string[]) =>
  (value: string): string => {
    if (choices.includes(value)) return value;
    throw new InvalidArgumentError(`must be one of ${choices.join(', ')}.`);
  };
