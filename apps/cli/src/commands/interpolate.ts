import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';
import type { BackendChoice, InterpolationSpace } from '@ganforge/core';
import { encodePng, tensorGrid } from '@ganforge/core/image';
import { InvalidArgumentError } from 'commander';
import { finiteNumber, integer, positiveInt } from '../options.js';
import { generatorCommand, loadRunGenerator } from './generator.js';
import { codeOwner, renderCodes } from '../codes.js';
import { UsageError } from '../errors.js';
import { disposeCode, lerpCodes } from '@ganforge/core/project';
import { readCodeFiles } from '@ganforge/core/node';
import { loadFamilyRun } from './family-verbs.js';
import type { LoadedArchitecture } from '../architectures.js';

interface InterpolateOptions {
  fromSeed: number;
  toSeed: number;
  frames: number;
  out: string;
  space: string;
  psi: number;
  fromCode?: string;
  toCode?: string;
  backend?: BackendChoice;
  raw?: boolean;
}

/**
 * Spherical interpolation between two latent codes (White 2016, "Sampling Generative Networks"):
 * Gaussian codes keep their typical norm along the path. Returns [frames, D].
 */
export function slerp(from: Float32Array, to: Float32Array, frames: number): tf.Tensor2D {
  const norm = (v: Float32Array) => Math.hypot(...v);
  const cosine = from.reduce((sum, x, i) => sum + x * to[i]!, 0) / (norm(from) * norm(to));
  const omega = Math.acos(Math.min(1, Math.max(-1, cosine)));
  const path = new Float32Array(frames * from.length);
  for (let f = 0; f < frames; f++) {
    const t = frames === 1 ? 0 : f / (frames - 1);
    const [wa, wb] = omega < 1e-6 ? [1 - t, t] : [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)];
    for (let i = 0; i < from.length; i++) path[f * from.length + i] = wa * from[i]! + wb * to[i]!;
  }
  return tf.tensor2d(path, [frames, from.length]);
}

/** The latent spaces of `--space`: z for every noise family, then the ones families bring, with their owners. */
function interpolationSpaces(families: LoadedArchitecture[]): Map<string, { owner: LoadedArchitecture; space: InterpolationSpace<unknown> }> {
  const spaces = new Map<string, { owner: LoadedArchitecture; space: InterpolationSpace<unknown> }>();
  for (const owner of families) {
    for (const [name, space] of Object.entries(owner.cli?.interpolation ?? {})) {
      if (name !== 'z' && !spaces.has(name)) spaces.set(name, { owner, space: space as InterpolationSpace<unknown> });
    }
  }
  return spaces;
}

export function registerInterpolate(program: Command, families: LoadedArchitecture[]): void {
  const spaces = interpolationSpaces(families);
  const spaceHelp = ['z: spherical walk between latent codes', ...[...spaces].map(([name, { owner, space }]) => `${name} (${owner.name}): ${space.description}`)].join('; ');
  const spaceName = (value: string): string => {
    if (value !== 'z' && !spaces.has(value)) throw new InvalidArgumentError(`must be one of ${['z', ...spaces.keys()].join(', ')}.`);
    return value;
  };
  generatorCommand(program, 'interpolate', 'write a latent walk between the codes of two seeds as one row of frames')
    .option('--from-seed <n>', 'seed of the first latent code', integer, 0)
    .option('--to-seed <n>', 'seed of the last latent code', integer, 1)
    .option('--frames <n>', 'images along the walk, ends included', positiveInt, 8)
    .option('--out <file>', 'PNG file to write', 'walk.png')
    .option('--space <name>', spaceHelp, spaceName, 'z')
    .option('--psi <value>', 'truncation ψ of both ends, in a --space that truncates (1: none)', finiteNumber, 1)
    .option('--from-code <file>', 'a code `ganforge project` wrote as the first end (with --to-code): a linear walk in its space')
    .option('--to-code <file>', 'a code as the last end')
    .action(async (run: string, options: InterpolateOptions) => {
      if ((options.fromCode === undefined) !== (options.toCode === undefined)) throw new UsageError('pass both --from-code and --to-code, or neither');
      if (options.fromCode !== undefined) {
        const { architecture, config, generator } = await loadRunGenerator(run, options);
        const owner = codeOwner(architecture.name, config);
        const [from, to] = [await readCodeFiles([options.fromCode], owner), await readCodeFiles([options.toCode!], owner)];
        const path = lerpCodes(from, to, options.frames);
        const images = renderCodes(architecture, generator, config, path);
        const strip = await tensorGrid(images, options.frames);
        [from, to, path].forEach(disposeCode);
        tf.dispose(images);
        generator.dispose();
        await writeFile(options.out, encodePng(strip));
        console.log(`wrote a ${options.frames}-frame walk from code ${options.fromCode} to code ${options.toCode} to ${options.out}`);
        return;
      }
      const family = spaces.get(options.space);
      if (family !== undefined) {
        const { config, generator } = await loadFamilyRun(family.owner, run, options, `interpolate --space ${options.space}`);
        const images = family.space.walk(generator, config, options);
        const strip = await tensorGrid(images, options.frames);
        tf.dispose(images);
        generator.dispose();
        await writeFile(options.out, encodePng(strip));
        console.log(`wrote a ${options.frames}-frame walk in ${options.space} from seed ${options.fromSeed} to seed ${options.toSeed} to ${options.out}`);
        return;
      }
      const { architecture, config, generator } = await loadRunGenerator(run, options);
      const from = architecture.latent(config, 1, options.fromSeed);
      const to = architecture.latent(config, 1, options.toSeed);
      const path = slerp((await from.data()) as Float32Array, (await to.data()) as Float32Array, options.frames);
      const images = architecture.generate(generator, path, config);
      const strip = await tensorGrid(images, options.frames);
      tf.dispose([from, to, path, images]);
      await writeFile(options.out, encodePng(strip));
      console.log(`wrote a ${options.frames}-frame walk from seed ${options.fromSeed} to seed ${options.toSeed} to ${options.out}`);
    });
}
