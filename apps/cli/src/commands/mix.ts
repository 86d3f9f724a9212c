/**
 * `ganforge mix <run> --row-seeds 1,2,3 --col-seeds 4,5,6 --layers 4-7`: StyleGAN's style-mixing
 * figure (Karras et al. 2019, Fig. 3). Cell (r, c) renders the row seed's w with the w inputs of
 * --layers taken from the column seed; the first row and column show the sources themselves.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { encodePng, tensorGrid, type BackendChoice } from '@ganforge/core';
import { UsageError } from '../errors.js';
import { generatorCommand } from './generator.js';
import { loadStyleRun, psiValue, seedList } from './style.js';

interface MixOptions {
  rowSeeds: number[];
  colSeeds: number[];
  layers?: string;
  psi: number;
  out: string;
  backend?: BackendChoice;
  raw?: boolean;
}

export function registerMix(program: Command): void {
  generatorCommand(program, 'mix', 'StyleGAN style mixing: a grid whose cells take the --layers styles from their column seed and the rest from their row seed')
    .requiredOption('--row-seeds <list>', 'seeds of the rows, e.g. 1,2,3', seedList)
    .requiredOption('--col-seeds <list>', 'seeds of the columns, e.g. 4,5,6', seedList)
    .option('--layers <a-b>', 'w inputs (0-based, inclusive) taken from the column seed: low = coarse (pose, shape), high = fine (style, texture) (default: the upper half)')
    .option('--psi <value>', 'truncation ψ of every seed (1: none)', psiValue, 1)
    .option('--out <file>', 'PNG file to write', 'mix.png')
    .action(async (run: string, options: MixOptions) => {
      const { stylegan, config, generator, network } = await loadStyleRun(run, options, 'mix');
      const count = stylegan.numWs(config.imageSize);
      let layers: [number, number];
      try {
        layers = options.layers === undefined ? [count / 2, count - 1] : stylegan.parseLayerRange(options.layers, config);
      } catch (error) {
        generator.dispose();
        throw new UsageError(`--layers: ${(error as Error).message}`);
      }
      const { images, columns } = stylegan.styleMixGrid(generator, config, { rowSeeds: options.rowSeeds, colSeeds: options.colSeeds, layers, psi: options.psi });
      const grid = await tensorGrid(images, columns);
      images.dispose();
      generator.dispose();
      await writeFile(options.out, encodePng(grid));
      console.log(
        `wrote a ${options.rowSeeds.length}x${options.colSeeds.length} style-mixing grid from ${network} to ${options.out}: ` +
          `w ${layers[0]}-${layers[1]} of ${count} from the column seeds ${options.colSeeds.join(',')}, the rest from the row seeds ${options.rowSeeds.join(',')} (ψ ${options.psi})`,
      );
    });
}
