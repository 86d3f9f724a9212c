/**
 * What StyleGAN adds to the `ganforge` command: `mix` (the style-mixing figure of Karras et al. 2019,
 * Fig. 3), `edit` (a seed moved along a direction in w) and `interpolate --space w`. The CLI mounts
 * them from `stylegan.cli`; files, images and the shipped classifiers come through its host.
 */
import * as tf from '@tensorflow/tfjs';
import type { FamilyCli, LoadedRun, VerbHost } from '@ganforge/core';
import { numWs, type StyleganConfig } from './config.js';
import { disposeCode, type LatentCode } from '@ganforge/core/project';
import { directionFromCodes, directionFromSeeds, editCode, imagesOfCode, imagesOfW, parseLayerRange, seedCode, seedsByClass, styleMixGrid, wWalk } from './inference.js';

const psiOption = (what: string) => ({ flags: '--psi <value>', description: `truncation ψ of ${what} (1: none)`, kind: 'number' as const, default: 1 });

/**
 * The code of one side of a verb: the seeds' (truncated by ψ) or the code files' (`ganforge project`
 * writes them), exactly one of the two; with a label for the log line. Caller disposes.
 */
async function sourceCode(run: LoadedRun<StyleganConfig>, host: VerbHost, given: { seeds?: number[]; codes?: string[]; psi: number }, flags: string): Promise<{ code: LatentCode; label: string }> {
  const { seeds, codes, psi } = given;
  if ((seeds === undefined) === (codes === undefined)) host.fail(`pass exactly one of ${flags}`);
  if (codes !== undefined) return { code: await host.readCodes(codes), label: `codes ${codes.join(',')}` };
  return { code: seedCode(run.generator, run.config, seeds!, psi), label: `seeds ${seeds!.join(',')}` };
}

/**
 * `ganforge mix <run> --row-seeds 1,2,3 --col-seeds 4,5,6 --layers 4-7` (or --row-codes/--col-codes
 * a.json,b.json for projected images): cell (r, c) renders the row's code with the w inputs of
 * --layers taken from the column's; the first row and column show the sources themselves.
 */
async function mix(run: LoadedRun<StyleganConfig>, options: Record<string, unknown>, host: VerbHost): Promise<void> {
  const { config, generator, network } = run;
  const [psi, out] = [options.psi as number, options.out as string];
  const count = numWs(config.imageSize);
  let layers: [number, number] = [count / 2, count - 1];
  if (options.layers !== undefined) {
    try {
      layers = parseLayerRange(options.layers as string, config);
    } catch (error) {
      host.fail(`--layers: ${(error as Error).message}`);
    }
  }
  const rows = await sourceCode(run, host, { seeds: options.rowSeeds as number[] | undefined, codes: options.rowCodes as string[] | undefined, psi }, '--row-seeds or --row-codes');
  const cols = await sourceCode(run, host, { seeds: options.colSeeds as number[] | undefined, codes: options.colCodes as string[] | undefined, psi }, '--col-seeds or --col-codes');
  const { images, columns } = styleMixGrid(generator, config, { rows: rows.code, cols: cols.code, layers });
  await host.writeGrid(out, images, columns);
  tf.dispose([images, ...Object.values(rows.code), ...Object.values(cols.code)]);
  host.log(
    `wrote a ${rows.code.w!.shape[0]}x${columns - 1} style-mixing grid from ${network} to ${out}: ` +
      `w ${layers[0]}-${layers[1]} of ${count} from the column ${cols.label}, the rest from the row ${rows.label} (ψ ${psi})`,
  );
}

/** The direction [wDim] the edit options ask for, and a line describing where it came from. Caller disposes. */
async function editDirection(run: LoadedRun<StyleganConfig>, options: Record<string, unknown>, host: VerbHost): Promise<{ direction: tf.Tensor1D; from: string }> {
  const { config, generator } = run;
  const file = options.direction as string | undefined;
  const classes = options.classes as [string, string] | undefined;
  const labels = options.labels as string | undefined;
  if ([file, classes, labels].filter((o) => o !== undefined).length !== 1) host.fail('pass exactly one of --direction FILE, --classes a,b or --labels FILE');
  if (options.classCodes !== undefined && classes === undefined) host.fail('--class-codes gives the class means of --classes a,b; pass --classes too');
  if (file !== undefined) {
    const json = await host.readJson(file, 'direction file');
    const values = Array.isArray(json) ? json : (json as { direction?: unknown }).direction;
    if (!Array.isArray(values) || values.length !== config.wDim || values.some((v) => typeof v !== 'number')) {
      host.fail(`direction file "${file}" must hold ${config.wDim} numbers (an array, or {"direction": [...]}) for this run's w`);
    }
    return { direction: tf.tensor1d(values as number[]), from: file };
  }
  if (labels !== undefined) {
    const json = (await host.readJson(labels, 'labels file')) as Record<string, unknown>;
    const keys = Object.keys(json);
    const seeds = keys.map((k) => json[k]);
    if (keys.length !== 2 || seeds.some((s) => !Array.isArray(s) || s.length === 0 || s.some((v) => !Number.isInteger(v)))) {
      host.fail(`labels file "${labels}" must map two labels to lists of seeds, e.g. {"smile": [1, 4], "neutral": [2, 3]}; the direction goes from the first to the second`);
    }
    return {
      direction: directionFromSeeds(generator, config, seeds[0] as number[], seeds[1] as number[]),
      from: `mean w of seeds labelled "${keys[1]}" minus "${keys[0]}" (${labels})`,
    };
  }
  const { source, classNames: names } = run.data;
  if (!host.classifierDatasets.includes(source)) {
    host.fail(`--classes needs a ganforge classifier for the run's data "${source}" (there are: ${host.classifierDatasets.join(', ')}); label seeds yourself and pass --labels FILE instead`);
  }
  const index = (c: string) => {
    const i = names.indexOf(c) >= 0 ? names.indexOf(c) : Number(c);
    if (!Number.isInteger(i) || i < 0 || i >= names.length) host.fail(`unknown class "${c}"; classes: ${names.join(', ')}`);
    return i;
  };
  const pair: [number, number] = [index(classes![0]), index(classes![1])];
  const samples = options.samples as number;
  const classifier = await host.classifier(source);
  const classCodes = options.classCodes as string[] | undefined;
  if (classCodes !== undefined) {
    const code = await host.readCodes(classCodes);
    const { direction, counts } = await directionFromCodes(generator, config, code, (images) => classifier.predict(images), pair);
    disposeCode(code);
    classifier.dispose();
    if (direction === undefined) {
      host.fail(`of the codes in ${classCodes.join(', ')} the classifier reads ${counts[0]} as ${names[pair[0]]} and ${counts[1]} as ${names[pair[1]]}; project images of both classes`);
    }
    return {
      direction,
      from: `mean w of ${counts[1]} projected images classified ${names[pair[1]]} minus ${counts[0]} classified ${names[pair[0]]} by the ganforge ${classifier.info.title} classifier (${classCodes.join(', ')})`,
    };
  }
  const [a, b] = await seedsByClass(generator, config, (images) => classifier.predict(images), pair, { samples, first: 1_000_000 });
  classifier.dispose();
  if (a.length === 0 || b.length === 0) {
    host.fail(`among ${samples} samples the classifier found ${a.length} of class ${names[pair[0]]} and ${b.length} of class ${names[pair[1]]}; raise --samples`);
  }
  return {
    direction: directionFromSeeds(generator, config, a, b),
    from: `mean w of ${b.length} samples classified ${names[pair[1]]} minus ${a.length} classified ${names[pair[0]]} by the ganforge ${classifier.info.title} classifier`,
  };
}

/**
 * `ganforge edit <run> (--seed N | --code FILE) (--direction FILE | --classes a,b | --labels FILE)
 * --steps K`: moves a seed's w, or a projected image's code, along a direction and renders the
 * sequence as one row. A direction comes from a file (--save-direction writes one), from the
 * classes of generated samples as the run's shipped classifier judges them (mean w of class b minus
 * mean w of class a), or from seeds the user labelled (a JSON file {"a": [seeds], "b": [seeds]}).
 */
async function edit(run: LoadedRun<StyleganConfig>, options: Record<string, unknown>, host: VerbHost): Promise<void> {
  const { config, generator, network } = run;
  const [steps, strength, psi, out] = [options.steps as number, options.strength as number, options.psi as number, options.out as string];
  const seed = options.seed as number | undefined;
  const file = options.code as string | undefined;
  const source = await sourceCode(run, host, { seeds: seed === undefined ? undefined : [seed], codes: file === undefined ? undefined : [file], psi }, '--seed N or --code FILE');
  const found = await editDirection(run, options, host);
  const path = editCode(source.code, found.direction, steps, strength);
  const images = imagesOfCode(generator, config, path);
  await host.writeGrid(out, images, steps);
  if (options.saveDirection !== undefined) await host.writeText(options.saveDirection as string, `${JSON.stringify(Array.from(await found.direction.data()))}\n`);
  tf.dispose([found.direction, images, ...Object.values(path), ...Object.values(source.code)]);
  host.log(`wrote ${steps} edits of ${seed === undefined ? `code ${file}` : `seed ${seed}`} (${network}, ±${strength}) to ${out}; direction: ${found.from}`);
}

export const cli: FamilyCli<StyleganConfig> = {
  scope: "works in StyleGAN's w space",
  verbs: [
    {
      name: 'mix',
      description: 'StyleGAN style mixing: a grid whose cells take the --layers styles from their column seed and the rest from their row seed',
      options: [
        { flags: '--row-seeds <list>', description: 'seeds of the rows, e.g. 1,2,3', kind: 'seeds' },
        { flags: '--row-codes <files>', description: 'or projected images as rows: code files of `ganforge project`, e.g. a.json,b.json', kind: 'list' },
        { flags: '--col-seeds <list>', description: 'seeds of the columns, e.g. 4,5,6', kind: 'seeds' },
        { flags: '--col-codes <files>', description: 'or projected images as columns: code files of `ganforge project`', kind: 'list' },
        {
          flags: '--layers <a-b>',
          description: 'w inputs (0-based, inclusive) taken from the column seed: low = coarse (pose, shape), high = fine (style, texture) (default: the upper half)',
        },
        psiOption('every seed'),
        { flags: '--out <file>', description: 'PNG file to write', default: 'mix.png' },
      ],
      run: mix,
    },
    {
      name: 'edit',
      description: 'StyleGAN: move a seed or a projected image along a direction in w (from a file, two classes, or labelled seeds) and render the sequence',
      options: [
        { flags: '--seed <n>', description: 'seed of the image to edit', kind: 'integer' },
        { flags: '--code <file>', description: 'or a projected image: a code file of `ganforge project`' },
        { flags: '--direction <file>', description: 'JSON array of wDim numbers (as --save-direction writes)' },
        {
          flags: '--classes <a,b>',
          description: 'direction from class a to class b: mean w of generated samples the shipped classifier puts in b minus in a (mnist, fashion-mnist runs)',
          kind: 'pair',
        },
        {
          flags: '--class-codes <files>',
          description:
            'with --classes: take the class means from these projected images instead of generated samples (code files of `ganforge project`, or folders of them, e.g. of labelled real digits)',
          kind: 'list',
        },
        { flags: '--labels <file>', description: 'JSON {"a": [seeds], "b": [seeds]}: mean w of the seeds labelled b minus those labelled a' },
        { flags: '--samples <n>', description: 'generated samples the classifier labels for --classes', kind: 'positive-integer', default: 1000 },
        { flags: '--steps <k>', description: 'images along the edit', kind: 'positive-integer', default: 7 },
        { flags: '--strength <s>', description: 'the edit spans -s to +s times the direction; the middle image is the seed', kind: 'positive-number', default: 1.5 },
        psiOption('the seed'),
        { flags: '--save-direction <file>', description: 'also write the direction as JSON' },
        { flags: '--out <file>', description: 'PNG file to write', default: 'edit.png' },
      ],
      run: edit,
    },
  ],
  interpolation: {
    w: {
      description: "linear walk in StyleGAN's w space",
      walk: (generator, config, { fromSeed, toSeed, frames, psi }) =>
        tf.tidy(() => imagesOfW(generator, config, wWalk(generator, config, fromSeed, toSeed, frames, psi))),
    },
  },
};
