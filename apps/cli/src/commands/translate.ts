/**
 * `ganforge translate <run> <image-or-folder> --direction AtoB|BtoA --out DIR [--cycle]`: image-to-image
 * translation with a trained run of a family that has the `translate` hook.
 * Each image is centre-cropped to a square and resized to the run's size, translated, and written
 * as `<out>/<its path without extension>.png`; with --cycle (a model that translates both ways) also translated back, as
 * `<name>-cycle.png`. --pairs reads A|B side-by-side pair files and translates their input half.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendChoice, type TrainHyperparameters } from '@ganforge/core';
import { decodeImage, encodePng, resizeImage, type PixelImage } from '@ganforge/core/image';
import { emaNetworkName } from '@ganforge/core/train';
import { loadCheckpointNetworks, readCheckpoint } from '@ganforge/core/node';
import { installedArchitectures, loadArchitecture } from '../architectures.js';
import { UsageError } from '../errors.js';
import { findInputImages } from '../input-images.js';
import { checkOnnxDirections, onnxRunSessions, onnxTranslate, runtime, runtimeHelp, type Runtime } from '../onnx.js';
import { backend, backendHelp, positiveInt, translationDirection } from '../options.js';

interface TranslateOptions {
  direction?: 'AtoB' | 'BtoA';
  out: string;
  cycle?: boolean;
  pairs?: boolean;
  batch: number;
  raw?: boolean;
  backend?: BackendChoice;
  runtime: Runtime;
}

export function registerTranslate(program: Command): void {
  program
    .command('translate')
    .description('translate images with an image-to-image run: each image is centre-cropped, resized to the run\'s size and written as PNG')
    .argument('<run>', 'run folder (or its checkpoint/ folder) written by `ganforge train`')
    .argument('<image-or-folder>', 'a PNG/JPEG image, or a folder of them (searched recursively)')
    .option('--direction <AtoB|BtoA>', 'which domain the images are from: A (AtoB) or B (BtoA) (default: the run\'s direction)', translationDirection)
    .requiredOption('--out <folder>', 'folder for the translated images (same names, .png)')
    .option('--cycle', 'models that translate both ways: also translate back and write the reconstruction as <name>-cycle.png')
    .option('--pairs', 'the inputs are A|B side-by-side pairs (paired datasets): translate the half that --direction names')
    .option('--batch <n>', 'images translated at a time', positiveInt, 8)
    .option('--raw', 'use the trained generator even when the run kept an EMA copy')
    .option('--backend <name>', backendHelp, backend)
    .option('--runtime <tfjs|onnx>', runtimeHelp, runtime, 'tfjs' as Runtime)
    .action(async (run: string, input: string, options: TranslateOptions) => {
      await translate(run, input, options);
    });
}

/** The A (left) or B (right) half of a side-by-side pair image. */
function pairHalf(image: PixelImage, side: 'A' | 'B', file: string): PixelImage {
  if (image.width % 2 !== 0) throw new UsageError(`"${file}" is ${image.width}x${image.height}: an A|B pair needs an even width; drop --pairs for plain images`);
  const half = image.width / 2;
  const x0 = side === 'A' ? 0 : half;
  const { height, channels } = image;
  const data = new Uint8Array(half * height * channels);
  for (let y = 0; y < height; y++) data.set(image.data.subarray((y * image.width + x0) * channels, (y * image.width + x0 + half) * channels), y * half * channels);
  return { width: half, height, channels, data };
}

/** Images [N, S, S, C] in [-1, 1] as 8-bit images. */
async function toPixels(images: tf.Tensor4D): Promise<PixelImage[]> {
  const [n, height, width, channels] = images.shape;
  const values = await images.data();
  const size = height * width * channels;
  return Array.from({ length: n }, (_, i) => ({
    width,
    height,
    channels: channels as 1 | 3,
    data: Uint8Array.from(values.subarray(i * size, (i + 1) * size), (v) => Math.min(255, Math.max(0, Math.round((v + 1) * 127.5)))),
  }));
}

async function translate(run: string, input: string, options: TranslateOptions): Promise<void> {
  const { dir, meta } = await readCheckpoint(run);
  const architecture = await loadArchitecture(meta.architecture);
  if (!architecture.translate) {
    throw new UsageError(`${architecture.name} does not translate images (${(await installedArchitectures()).filter((a) => a.translate).map((a) => a.name).join(' and ')} do)${architecture.upscale ? '; use `ganforge upscale`' : ''}`);
  }
  const config = meta.config as unknown as TrainHyperparameters & { imageSize: number; direction?: 'AtoB' | 'BtoA' };
  const direction = options.direction ?? config.direction ?? 'AtoB';
  const back = direction === 'AtoB' ? 'BtoA' : 'AtoB';
  const inputs = await findInputImages(input);
  const size = config.imageSize;
  const channels = meta.data.channels;

  const report = await initBackend({ backend: options.backend });
  const loaded = await loadCheckpointNetworks(dir, meta);
  const ema = loaded[emaNetworkName];
  delete loaded[emaNetworkName];
  if (ema && !options.raw) {
    loaded.generator?.dispose();
    loaded.generator = ema;
  } else {
    ema?.dispose();
  }
  const { generator, discriminator } = loaded;
  if (!generator || !discriminator) throw new UsageError(`checkpoint "${dir}" lacks its generator or discriminator`);
  const nets = { ...loaded, generator, discriminator };
  // --runtime onnx: the same translation on the run's generators converted to ONNX (the tfjs networks only load the run).
  const onnxRun = options.runtime === 'onnx' ? await onnxRunSessions(run, architecture, options) : undefined;
  if (onnxRun) checkOnnxDirections(onnxRun, direction, options.cycle === true, config);
  const translateBatch = async (images: tf.Tensor4D, way: 'AtoB' | 'BtoA'): Promise<tf.Tensor4D> =>
    onnxRun ? onnxTranslate(onnxRun, images, way, config) : architecture.translate!(nets, images, way, config);
  console.log(
    `ganforge translate ${architecture.name} ${direction}${options.cycle ? ` and back (${back})` : ''} | ${resolve(dir)} | step ${meta.step}` +
      ` | ${inputs.length} image${inputs.length === 1 ? '' : 's'} at ${size}x${size}x${channels} | ${onnxRun ? onnxRun.describe : `backend ${report.backend}`} | out ${resolve(options.out)}`,
  );

  const bar = new cliProgress.SingleBar(
    { format: 'translate {bar} {value}/{total} images | {eta_formatted}', barsize: 20, noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(inputs.length, 0);
  try {
    for (let start = 0; start < inputs.length; start += options.batch) {
      const chunk = inputs.slice(start, start + options.batch);
      const pixels = new Float32Array(chunk.length * size * size * channels);
      for (const [i, { path }] of chunk.entries()) {
        let image = decodeImage(await readFile(path), path);
        if (options.pairs) image = pairHalf(image, direction === 'AtoB' ? 'A' : 'B', path);
        resizeImage(image, size, channels).data.forEach((v, p) => (pixels[i * size * size * channels + p] = v / 127.5 - 1));
      }
      const batch = tf.tensor4d(pixels, [chunk.length, size, size, channels]);
      let outputs: tf.Tensor4D | undefined;
      let cycled: tf.Tensor4D | undefined;
      try {
        outputs = await translateBatch(batch, direction);
        if (options.cycle) {
          try {
            cycled = await translateBatch(outputs, back);
          } catch (error) {
            const bothWays = (await installedArchitectures()).filter((a) => a.translate && a.data === 'unpaired').map((a) => a.name);
            throw new UsageError(`--cycle needs a model that translates both ways (${bothWays.join(', ')}): ${(error as Error).message}`);
          }
        }
        const written = await toPixels(outputs);
        const reconstructed = cycled ? await toPixels(cycled) : [];
        for (const [i, { name }] of chunk.entries()) {
          const stem = join(options.out, name.slice(0, name.length - extname(name).length));
          await mkdir(dirname(stem), { recursive: true });
          await writeFile(`${stem}.png`, encodePng(written[i]!));
          if (cycled) await writeFile(`${stem}-cycle.png`, encodePng(reconstructed[i]!));
        }
      } finally {
        tf.dispose([batch, ...(outputs ? [outputs] : []), ...(cycled ? [cycled] : [])]);
      }
      bar.update(start + chunk.length);
    }
  } finally {
    bar.stop();
    Object.values(nets).forEach((n) => n.dispose());
    await onnxRun?.release();
  }
  console.log(`wrote ${inputs.length} translated image${inputs.length === 1 ? '' : 's'}${options.cycle ? ' and their reconstructions (-cycle.png)' : ''} to ${options.out}`);
}
