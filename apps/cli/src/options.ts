/** Option parsers shared by the commands; each names the option and what it accepts. */
import { InvalidArgumentError } from 'commander';
import { adversarialLossNames, backendChoices, parseBackendChoice, type AdversarialLossName, type BackendChoice } from '@ganforge/core';

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

export function lossName(value: string): AdversarialLossName {
  if ((adversarialLossNames as readonly string[]).includes(value)) return value as AdversarialLossName;
  throw new InvalidArgumentError(`must be one of ${adversarialLossNames.join(', ')}.`);
}

export const backendHelp = `compute backend: ${backendChoices.join(' | ')} (default: $GANFORGE_BACKEND, else auto: tfjs-node-gpu, tfjs-node, then wasm)`;

export function translationDirection(value: string): 'AtoB' | 'BtoA' {
  if (value === 'AtoB' || value === 'BtoA') return value;
  throw new InvalidArgumentError('must be AtoB or BtoA.');
}
