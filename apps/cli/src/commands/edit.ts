/**
 * `ganforge edit <run> --seed N (--direction FILE | --classes a,b | --labels FILE) --steps K`: moves
 * a seed's w along a direction and renders the sequence as one row. A direction comes from a file
 * (--save-direction writes one), from the classes of generated samples as the run's shipped
 * classifier judges them (mean w of class b minus mean w of class a), or from seeds the user
 * labelled (a JSON file {"a": [seeds], "b": [seeds]}).
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, type Command } from 'commander';
import { encodePng, tensorGrid, type BackendChoice } from '@ganforge/core';
import { classifierDatasets, loadClassifier, readCheckpoint } from '@ganforge/core/node';
import { UsageError } from '../errors.js';
import { integer, positiveInt, positiveNumber } from '../options.js';
import { generatorCommand } from './generator.js';
import { loadStyleRun, psiValue, type StyleRun } from './style.js';

interface EditOptions {
  seed: number;
  direction?: string;
  classes?: [string, string];
  labels?: string;
  samples: number;
  steps: number;
  strength: number;
  psi: number;
  saveDirection?: string;
  out: string;
  backend?: BackendChoice;
  raw?: boolean;
}

function classPair(value: string): [string, string] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length !== 2 || parts.some((p) => p === '')) throw new InvalidArgumentError('must be two classes, from,to: names of the training data or indices, e.g. 3,8.');
  return [parts[0]!, parts[1]!];
}

async function readJson(file: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${what} "${file}": ${(error as Error).message}`);
  }
}

/** The direction [wDim] the options ask for, and a line describing where it came from. Caller disposes. */
async function direction(run: string, style: StyleRun, options: EditOptions): Promise<{ direction: tf.Tensor1D; from: string }> {
  const { stylegan, config, generator } = style;
  const given = [options.direction, options.classes, options.labels].filter((o) => o !== undefined).length;
  if (given !== 1) throw new UsageError('pass exactly one of --direction FILE, --classes a,b or --labels FILE');
  if (options.direction !== undefined) {
    const json = await readJson(options.direction, 'direction file');
    const values = Array.isArray(json) ? json : (json as { direction?: unknown }).direction;
    if (!Array.isArray(values) || values.length !== config.wDim || values.some((v) => typeof v !== 'number')) {
      throw new UsageError(`direction file "${options.direction}" must hold ${config.wDim} numbers (an array, or {"direction": [...]}) for this run's w`);
    }
    return { direction: tf.tensor1d(values as number[]), from: options.direction };
  }
  if (options.labels !== undefined) {
    const json = (await readJson(options.labels, 'labels file')) as Record<string, unknown>;
    const keys = Object.keys(json);
    const seeds = keys.map((k) => json[k]);
    if (keys.length !== 2 || seeds.some((s) => !Array.isArray(s) || s.length === 0 || s.some((v) => !Number.isInteger(v)))) {
      throw new UsageError(`labels file "${options.labels}" must map two labels to lists of seeds, e.g. {"smile": [1, 4], "neutral": [2, 3]}; the direction goes from the first to the second`);
    }
    return {
      direction: stylegan.directionFromSeeds(generator, config, seeds[0] as number[], seeds[1] as number[]),
      from: `mean w of seeds labelled "${keys[1]}" minus "${keys[0]}" (${options.labels})`,
    };
  }
  const { meta } = await readCheckpoint(run);
  const source = meta.data.source;
  if (!(classifierDatasets as readonly string[]).includes(source)) {
    throw new UsageError(`--classes needs a ganforge classifier for the run's data "${source}" (there are: ${classifierDatasets.join(', ')}); label seeds yourself and pass --labels FILE instead`);
  }
  const names = meta.data.classNames;
  const index = (c: string) => {
    const i = names.indexOf(c) >= 0 ? names.indexOf(c) : Number(c);
    if (!Number.isInteger(i) || i < 0 || i >= names.length) throw new UsageError(`unknown class "${c}"; classes: ${names.join(', ')}`);
    return i;
  };
  const [from, to] = options.classes!;
  const classes: [number, number] = [index(from), index(to)];
  const classifier = await loadClassifier(source);
  const [a, b] = await stylegan.seedsByClass(generator, config, (images) => classifier.predict(images), classes, { samples: options.samples, first: 1_000_000 });
  classifier.dispose();
  if (a.length === 0 || b.length === 0) {
    throw new UsageError(`among ${options.samples} samples the classifier found ${a.length} of class ${names[classes[0]]} and ${b.length} of class ${names[classes[1]]}; raise --samples`);
  }
  return {
    direction: stylegan.directionFromSeeds(generator, config, a, b),
    from: `mean w of ${b.length} samples classified ${names[classes[1]]} minus ${a.length} classified ${names[classes[0]]} by the ganforge ${classifier.info.title} classifier`,
  };
}

export function registerEdit(program: Command): void {
  generatorCommand(program, 'edit', 'StyleGAN: move a seed along a direction in w (from a file, two classes, or labelled seeds) and render the sequence')
    .requiredOption('--seed <n>', 'seed of the image to edit', integer)
    .option('--direction <file>', 'JSON array of wDim numbers (as --save-direction writes)')
    .option('--classes <a,b>', 'direction from class a to class b: mean w of generated samples the shipped classifier puts in b minus in a (mnist, fashion-mnist runs)', classPair)
    .option('--labels <file>', 'JSON {"a": [seeds], "b": [seeds]}: mean w of the seeds labelled b minus those labelled a')
    .option('--samples <n>', 'generated samples the classifier labels for --classes', positiveInt, 1000)
    .option('--steps <k>', 'images along the edit', positiveInt, 7)
    .option('--strength <s>', 'the edit spans -s to +s times the direction; the middle image is the seed', positiveNumber, 1.5)
    .option('--psi <value>', 'truncation ψ of the seed (1: none)', psiValue, 1)
    .option('--save-direction <file>', 'also write the direction as JSON')
    .option('--out <file>', 'PNG file to write', 'edit.png')
    .action(async (run: string, options: EditOptions) => {
      const style = await loadStyleRun(run, options, 'edit');
      const { stylegan, config, generator, network } = style;
      try {
        const found = await direction(run, style, options);
        const path = stylegan.editPath(generator, config, options.seed, found.direction, options.steps, options.strength, options.psi);
        const images = stylegan.imagesOfW(generator, config, path);
        const strip = await tensorGrid(images, options.steps);
        if (options.saveDirection !== undefined) await writeFile(options.saveDirection, `${JSON.stringify(Array.from(await found.direction.data()))}\n`);
        tf.dispose([found.direction, path, images]);
        await writeFile(options.out, encodePng(strip));
        console.log(`wrote ${options.steps} edits of seed ${options.seed} (${network}, ±${options.strength}) to ${options.out}; direction: ${found.from}`);
      } finally {
        generator.dispose();
      }
    });
}
