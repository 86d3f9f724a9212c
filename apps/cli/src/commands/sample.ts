import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';
import type { BackendChoice } from '@ganforge/core';
import { encodePng, tensorGrid } from '@ganforge/core/image';
import { readCheckpoint, readCodeFiles } from '@ganforge/core/node';
import { UsageError } from '../errors.js';
import { integer, positiveInt } from '../options.js';
import { installedArchitectures } from '../architectures.js';
import { onnxGenerate, withRuntime, type Runtime } from '../onnx.js';
import { generatorCommand, loadRunGenerator } from './generator.js';
import { codeOwner, renderCodes } from '../codes.js';

interface SampleOptions {
  count?: number;
  seed: number;
  out: string;
  columns?: number;
  backend?: BackendChoice;
  raw?: boolean;
  class?: string;
  gridByClass?: boolean;
  runtime: Runtime;
  code?: string;
}

/** Images per grid without --count; per class row with --grid-by-class. */
const defaultCount = 64;
const defaultPerClass = 10;

export function registerSample(program: Command): void {
  withRuntime(generatorCommand(program, 'sample', 'write a grid of generated images; the same seed always gives the same image'))
    .option('--count <n>', `number of images (default ${defaultCount}); with --grid-by-class, images per class row (default ${defaultPerClass})`, positiveInt)
    .option('--seed <n>', 'seed of the latent codes', integer, 0)
    .option('--out <file>', 'PNG file to write', 'samples.png')
    .option('--columns <n>', 'images per row (default: square grid)', positiveInt)
    .option('--class <name|index>', 'conditional runs: images of this class, by its name in the training data or its index')
    .option('--grid-by-class', 'conditional runs: one row per class, --count images each')
    .option('--code <file>', 'the image of a latent code that `ganforge project` wrote, instead of seeds')
    .action(async (run: string, options: SampleOptions) => {
      if (options.class !== undefined && options.gridByClass) {
        throw new UsageError('--class and --grid-by-class cannot be combined: --class samples one class, --grid-by-class every class');
      }
      const conditional = options.class !== undefined || options.gridByClass === true;
      if (options.code !== undefined && (conditional || options.count !== undefined)) throw new UsageError('--code renders the one code in its file: drop --count, --class and --grid-by-class');
      const { architecture, config, generator, network } = await loadRunGenerator(run, options);
      if (options.code !== undefined) {
        const code = await readCodeFiles([options.code], codeOwner(architecture.name, config));
        const images = renderCodes(architecture, generator, config, code);
        const grid = await tensorGrid(images, 1);
        tf.dispose([images, ...Object.values(code)]);
        generator.dispose();
        await writeFile(options.out, encodePng(grid));
        console.log(`wrote the image of code ${options.code} from ${network} to ${options.out}`);
        return;
      }
      let latent: tf.Tensor2D;
      let columns = options.columns;
      let what: string;
      if (!conditional) {
        const count = options.count ?? defaultCount;
        latent = architecture.latent(config, count, options.seed);
        what = `${count} samples`;
      } else {
        if (architecture.classLatent === undefined) {
          throw new UsageError(
            `${architecture.name} is not class-conditional: --class and --grid-by-class need a run of a conditional architecture such as ${(await installedArchitectures()).filter((a) => a.classLatent).map((a) => a.name).join(' or ') || 'a family with a classLatent hook'}`,
          );
        }
        const classNames = runClassNames((await readCheckpoint(run)).meta.data.classNames, (config as { numClasses?: number }).numClasses);
        if (options.gridByClass) {
          const perClass = options.count ?? defaultPerClass;
          const classes = classNames.flatMap((_, k) => new Array<number>(perClass).fill(k));
          latent = architecture.classLatent(config, classes, options.seed);
          columns ??= perClass;
          what = `${classes.length} samples, ${perClass} per class for ${classNames.length} classes,`;
        } else {
          const count = options.count ?? defaultCount;
          const k = resolveClass(options.class!, classNames);
          latent = architecture.classLatent(config, new Array<number>(count).fill(k), options.seed);
          what = `${count} samples of class ${describeClass(k, classNames)}`;
        }
      }
      let images: tf.Tensor4D;
      let runtimeNote = '';
      if (options.runtime === 'onnx') {
        generator.dispose();
        ({ images, describe: runtimeNote } = await onnxGenerate(run, architecture, latent, options));
        runtimeNote = ` on ${runtimeNote}`;
      } else {
        images = architecture.generate(generator, latent, config);
      }
      const grid = await tensorGrid(images, columns);
      latent.dispose();
      images.dispose();
      await writeFile(options.out, encodePng(grid));
      console.log(`wrote ${what} from ${network}${runtimeNote} (seed ${options.seed}) to ${options.out}`);
    });
}

/** The run's class names, or their indices as names when the checkpoint has none. */
function runClassNames(names: readonly string[], numClasses: number | undefined): string[] {
  const count = numClasses ?? names.length;
  return Array.from({ length: count }, (_, k) => names[k] ?? String(k));
}

const describeClass = (k: number, names: readonly string[]) => (names[k] === String(k) ? `${k}` : `${k} ("${names[k]}")`);

/**
 * A class given by name (as in the training data's subfolders or the built-in dataset) or by index.
 * A name wins over an index, so a folder class named "3" is that folder.
 * @throws UsageError listing the valid classes.
 */
export function resolveClass(value: string, names: readonly string[]): number {
  const byName = names.indexOf(value);
  if (byName >= 0) return byName;
  const index = Number(value);
  if (/^\d+$/.test(value) && index < names.length) return index;
  const valid = names.map((name, k) => (name === String(k) ? name : `${name} (${k})`)).join(', ');
  throw new UsageError(`unknown class "${value}"; this run's classes (name or index): ${valid}`);
}
