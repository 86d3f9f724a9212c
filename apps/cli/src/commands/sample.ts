import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { encodePng, tensorGrid, type BackendChoice } from '@ganforge/core';
import { integer, positiveInt } from '../options.js';
import { generatorCommand, loadRunGenerator } from './generator.js';

interface SampleOptions {
  count: number;
  seed: number;
  out: string;
  columns?: number;
  backend?: BackendChoice;
  raw?: boolean;
}

export function registerSample(program: Command): void {
  generatorCommand(program, 'sample', 'write a grid of generated images; the same seed always gives the same image')
    .option('--count <n>', 'number of images', positiveInt, 64)
    .option('--seed <n>', 'seed of the latent codes', integer, 0)
    .option('--out <file>', 'PNG file to write', 'samples.png')
    .option('--columns <n>', 'images per row (default: square grid)', positiveInt)
    .action(async (run: string, options: SampleOptions) => {
      const { architecture, config, generator, network } = await loadRunGenerator(run, options);
      const latent = architecture.latent(config, options.count, options.seed);
      const images = architecture.generate(generator, latent, config);
      const grid = await tensorGrid(images, options.columns);
      latent.dispose();
      images.dispose();
      await writeFile(options.out, encodePng(grid));
      console.log(`wrote ${options.count} samples from ${network} (seed ${options.seed}) to ${options.out}`);
    });
}
