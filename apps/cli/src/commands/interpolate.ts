import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';
import { encodePng, tensorGrid, type BackendChoice } from '@ganforge/core';
import { InvalidArgumentError } from 'commander';
import { integer, positiveInt } from '../options.js';
import { generatorCommand, loadRunGenerator } from './generator.js';
import { loadStyleRun, psiValue } from './style.js';

interface InterpolateOptions {
  fromSeed: number;
  toSeed: number;
  frames: number;
  out: string;
  space: 'z' | 'w';
  psi: number;
  backend?: BackendChoice;
  raw?: boolean;
}

function latentSpace(value: string): 'z' | 'w' {
  if (value !== 'z' && value !== 'w') throw new InvalidArgumentError('must be z (spherical, any noise family) or w (linear, stylegan).');
  return value;
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

export function registerInterpolate(program: Command): void {
  generatorCommand(program, 'interpolate', 'write a latent walk between the codes of two seeds as one row of frames')
    .option('--from-seed <n>', 'seed of the first latent code', integer, 0)
    .option('--to-seed <n>', 'seed of the last latent code', integer, 1)
    .option('--frames <n>', 'images along the walk, ends included', positiveInt, 8)
    .option('--out <file>', 'PNG file to write', 'walk.png')
    .option('--space <z|w>', 'z: spherical walk between latent codes; w: linear walk in StyleGAN\'s w space', latentSpace, 'z')
    .option('--psi <value>', 'with --space w: truncation ψ of both ends (1: none)', psiValue, 1)
    .action(async (run: string, options: InterpolateOptions) => {
      if (options.space === 'w') {
        const { stylegan, config, generator } = await loadStyleRun(run, options, 'interpolate --space w');
        const path = stylegan.wWalk(generator, config, options.fromSeed, options.toSeed, options.frames, options.psi);
        const images = stylegan.imagesOfW(generator, config, path);
        const strip = await tensorGrid(images, options.frames);
        tf.dispose([path, images]);
        generator.dispose();
        await writeFile(options.out, encodePng(strip));
        console.log(`wrote a ${options.frames}-frame walk in w from seed ${options.fromSeed} to seed ${options.toSeed} to ${options.out}`);
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
