/**
 * Shared by the StyleGAN verbs (`mix`, `edit`, `interpolate --space w`): loads a run's generator and
 * the @ganforge/stylegan module whose w-space functions they call.
 */
import type * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from 'commander';
import type { BackendChoice } from '@ganforge/core';
import type * as StyleganModule from '@ganforge/stylegan';
import { UsageError } from '../errors.js';
import { loadRunGenerator } from './generator.js';

export interface StyleRun {
  stylegan: typeof StyleganModule;
  config: StyleganModule.StyleganConfig;
  generator: tf.LayersModel;
  network: string;
}

/** A StyleGAN run's generator (EMA copy unless `raw`) and the stylegan package; a UsageError for any other family. */
export async function loadStyleRun(run: string, options: { backend?: BackendChoice; raw?: boolean }, verb: string): Promise<StyleRun> {
  const { architecture, config, generator, network } = await loadRunGenerator(run, options);
  if (architecture.name !== 'stylegan') {
    generator.dispose();
    throw new UsageError(`\`ganforge ${verb}\` works in StyleGAN's w space; "${run}" is a ${architecture.name} run (train one with \`ganforge train stylegan\`)`);
  }
  const stylegan = await import('@ganforge/stylegan');
  return { stylegan, config: config as unknown as StyleganModule.StyleganConfig, generator, network };
}

/** Parses "1,2,3" into seeds. */
export function seedList(value: string): number[] {
  const seeds = value.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s))) throw new InvalidArgumentError('must be comma-separated integer seeds, e.g. 1,2,3.');
  return seeds;
}

/** Parses a truncation ψ (any finite number; 1 = none, 0 = the mean image). */
export function psiValue(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('must be a number, e.g. 0.7 (1: no truncation).');
  return n;
}
