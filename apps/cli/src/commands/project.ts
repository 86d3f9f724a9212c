/**
 * `ganforge project <run> <image|folder> --out <dir>`: the latent codes of real images (GAN
 * inversion, @ganforge/core/project) for any family whose Architecture has a `projection`. Writes
 * per image its code (<name>.json, read back by sample --code, interpolate --from-code and the
 * family's verbs) and reconstruction (<name>.png), plus strip.png (input | reconstruction rows) and
 * loss.jsonl (every step of every image).
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';
import type { BackendChoice, ImageSize } from '@ganforge/core';
import { decodeImage, encodePng, makeGrid, resizeImage, tensorGrid, type PixelImage } from '@ganforge/core/image';
import { loadFeatureModel } from '@ganforge/core/losses';
import { classifierDatasets, loadClassifier, readCheckpoint } from '@ganforge/core/node';
import { codeToFile, disposeCode, imageDistance, projectImages, type CodeOwner, type DistanceOptions, type ImageDistance, type Projection } from '@ganforge/core/project';
import { codeOwner } from '../codes.js';
import { UsageError } from '../errors.js';
import { findInputImages, type InputImage } from '../input-images.js';
import { integer, positiveInt, positiveNumber } from '../options.js';
import { projectProgress } from '../progress.js';
import { generatorCommand, loadRunGenerator } from './generator.js';
import { resolveClass } from './sample.js';

interface ProjectOptions {
  out: string;
  space?: string;
  steps: number;
  lr: number;
  restarts?: number;
  seed: number;
  class?: string;
  perceptualWeights?: string;
  batch: number;
  backend?: BackendChoice;
  raw?: boolean;
}

/** Images smaller than this share of the run's side are refused: enlarging them invents the detail a projection would match. */
const smallestShare = 1 / 4;

/**
 * The inputs at the run's height, width and channels, with a one-line notice naming any that were
 * resized or converted; a decode failure or a far too small image is one line.
 */
async function readInputs(inputs: InputImage[], size: ImageSize, channels: 1 | 3): Promise<{ pixels: PixelImage[]; notice?: string }> {
  const shape = `${size.height}x${size.width}`;
  const changed: string[] = [];
  const pixels: PixelImage[] = [];
  for (const input of inputs) {
    const image = decodeImage(new Uint8Array(await readFile(input.path)), input.path);
    if (image.width < size.width * smallestShare || image.height < size.height * smallestShare) {
      throw new UsageError(`"${input.path}" is ${image.width}x${image.height}, too small to project into this run's ${shape} images`);
    }
    if (image.width === size.width && image.height === size.height && image.channels === channels) pixels.push(image);
    else {
      changed.push(`${input.name} (${image.width}x${image.height}x${image.channels})`);
      pixels.push(resizeImage(image, size, channels));
    }
  }
  if (changed.length === 0) return { pixels };
  const how = `centre-cropped to the run's aspect, resized by area average or bilinear, ${channels === 1 ? 'RGB to gray by luma' : 'gray repeated to RGB'} where the channels differ`;
  return { pixels, notice: `note: ${changed.length} image${changed.length === 1 ? '' : 's'} converted to the run's ${shape}x${channels} (${how}): ${changed.join(', ')}` };
}

/** A file name for an input: its path under the folder, separators and extension dropped. */
const stemOf = (name: string) => name.replace(/\.[^.]+$/, '').replace(/[\\/]/g, '_');

export function registerProject(program: Command): void {
  generatorCommand(program, 'project', "find the latent codes of real images (GAN inversion): codes for sample --code, interpolate --from-code and the family's verbs")
    .argument('<images>', 'a PNG/JPEG image or a folder of them (recursive)')
    .option('--out <dir>', 'folder for the codes, reconstructions, strip.png and loss.jsonl', 'projection')
    .option('--space <name>', "latent space, one of the run family's (default: its first): e.g. w, or w+ (one w per layer), where the family has them; z")
    .option('--steps <n>', 'optimisation steps per image', positiveInt, 1000)
    .option('--lr <rate>', 'peak learning rate of Adam (ramped up over the first 5%, down over the last 25%)', positiveNumber, 0.1)
    .option('--restarts <n>', 'starts per image, best kept (default: 1 in w, 4 in z)', positiveInt)
    .option('--seed <n>', 'seed of the starts and of the latent noise; the same seed gives the same codes', integer, 0)
    .option('--class <name|index>', 'conditional runs: the class to project into (default: every class is tried, the best kept)')
    .option('--perceptual-weights <dir>', 'a VGG16/VGG19 tfjs LayersModel (Keras names) for an LPIPS-like term of the distance')
    .option('--batch <n>', 'images optimised together', positiveInt, 8)
    .action(async (run: string, input: string, options: ProjectOptions) => {
      const inputs = await findInputImages(input);
      const { meta } = await readCheckpoint(run);
      const { architecture, config, generator, network } = await loadRunGenerator(run, options);
      try {
        const projection = architecture.projection;
        if (projection === undefined) throw new UsageError(`${architecture.name} has no latent projection: \`ganforge project\` needs a run of a family with one (its Architecture's \`projection\`)`);
        const space = options.space ?? projection.spaces[0]!;
        if (!projection.spaces.includes(space)) throw new UsageError(`--space ${space}: a ${architecture.name} run projects into ${projection.spaces.join(' or ')} only`);
        let condition: number | undefined;
        if (options.class !== undefined) {
          const names = projection.conditions?.(config);
          if (names === undefined) throw new UsageError(`--class needs a class-conditional run; ${architecture.name} is not`);
          condition = resolveClass(options.class, names.map((n, k) => meta.data.classNames[k] ?? n));
        }
        const [, height, width, channels] = (generator.outputs[0]!.shape as number[]).map(Number) as [number, number, number, 1 | 3];
        const { pixels, notice } = await readInputs(inputs, { height, width }, channels);
        if (notice !== undefined) console.log(notice);
        const distanceOptions: DistanceOptions = {};
        if ((classifierDatasets as readonly string[]).includes(meta.data.source)) distanceOptions.classifier = await loadClassifier(meta.data.source);
        if (options.perceptualWeights !== undefined) {
          distanceOptions.perceptual = await loadFeatureModel(options.perceptualWeights).catch((error: Error) => {
            throw new UsageError(`cannot load --perceptual-weights "${options.perceptualWeights}": ${error.message.split('\n')[0]}`);
          });
        }
        const distance = imageDistance(distanceOptions);
        await project({ run, network, space, condition, distance, inputs, pixels, options, owner: codeOwner(architecture.name, config), projection: projection as Projection<unknown>, generator, config });
        distanceOptions.classifier?.dispose();
        distanceOptions.perceptual?.dispose();
      } finally {
        generator.dispose();
      }
    });
}

/** Projects the images batch by batch and writes every output. */
async function project(job: {
  run: string;
  network: string;
  space: string;
  condition?: number;
  distance: ImageDistance;
  inputs: InputImage[];
  pixels: PixelImage[];
  options: ProjectOptions;
  owner: CodeOwner;
  projection: Projection<unknown>;
  generator: tf.LayersModel;
  config: unknown;
}): Promise<void> {
  const { options, inputs, pixels, space } = job;
  await mkdir(options.out, { recursive: true });
  const log = join(options.out, 'loss.jsonl');
  await writeFile(log, '');
  const chunks = Math.ceil(inputs.length / options.batch);
  const bar = projectProgress(options.steps * chunks);
  const strip: tf.Tensor4D[] = [];
  const distances: number[] = [];
  const started = performance.now();
  try {
    for (let c = 0; c < chunks; c++) {
      const batch = inputs.slice(c * options.batch, (c + 1) * options.batch);
      const names = batch.map((i) => i.name);
      const label = batch.length === 1 ? names[0]! : `${names[0]} … (${batch.length})`;
      const targets = tf.tidy(() => tf.sub(tf.div(tf.stack(pixels.slice(c * options.batch, (c + 1) * options.batch).map((p) => tf.tensor3d(p.data, [p.height, p.width, p.channels], 'float32'))), 127.5), 1) as tf.Tensor4D);
      const result = await projectImages(job.projection, job.generator, job.config, targets, {
        space,
        steps: options.steps,
        lr: options.lr,
        restarts: options.restarts,
        seed: options.seed,
        condition: job.condition,
        distance: job.distance,
        onStep: async ({ step, lr, loss, distance }) => {
          bar.update(c * options.steps + step, label, mean(loss), mean(distance));
          await appendFile(log, names.map((image, i) => `${JSON.stringify({ image, step, lr, loss: loss[i], distance: distance[i] })}\n`).join(''));
        },
      });
      for (const [i, input] of batch.entries()) {
        const stem = stemOf(input.name);
        const about = {
          run: job.run,
          network: job.network,
          image: input.path,
          steps: options.steps,
          lr: options.lr,
          restarts: options.restarts ?? job.projection.restarts,
          seed: options.seed,
          distance: job.distance.description,
          finalDistance: result.distances[i],
          ...(result.conditions === undefined ? {} : { condition: result.conditions[i] }),
        };
        await writeFile(join(options.out, `${stem}.json`), `${JSON.stringify(await codeToFile(result.code, i, job.owner, space, about))}\n`);
        const reconstruction = tf.slice(result.images, i, 1);
        const [, h, w, ch] = reconstruction.shape;
        await writeFile(join(options.out, `${stem}.png`), encodePng(makeGrid({ data: (await reconstruction.data()) as Float32Array, count: 1, height: h, width: w, channels: ch as 1 | 3 }, 1, 0)));
        strip.push(tf.tidy(() => tf.concat([tf.slice(targets, i, 1), reconstruction])));
        reconstruction.dispose();
      }
      distances.push(...result.distances);
      disposeCode(result.code);
      tf.dispose([targets, result.images]);
    }
  } finally {
    bar.stop();
  }
  const rows = tf.concat(strip) as tf.Tensor4D;
  await writeFile(join(options.out, 'strip.png'), encodePng(await tensorGrid(rows, 2)));
  tf.dispose([rows, ...strip]);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `projected ${inputs.length} image${inputs.length === 1 ? '' : 's'} into ${space} of ${job.run} (${job.network}) in ${seconds.toFixed(1)} s: ` +
      `mean distance ${mean(distances).toFixed(4)} (${job.distance.description}); wrote codes, reconstructions, strip.png and loss.jsonl to ${options.out}`,
  );
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
