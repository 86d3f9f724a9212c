/**
 * `ganforge upscale <run> <image-or-folder> --out DIR`: super-resolution with a trained run of a
 * family that has the `upscale` hook. Images of any size: the family runs its generator on
 * overlapping tiles, so memory depends on the tile size, not the image. One progress bar per
 * image, counting tiles.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { initBackend, type BackendChoice, type TrainHyperparameters } from '@ganforge/core';
import { decodeImage, encodePng } from '@ganforge/core/image';
import { emaNetworkName } from '@ganforge/core/train';
import { loadCheckpointNetworks, readCheckpoint } from '@ganforge/core/node';
import { loadArchitecture } from '../architectures.js';
import { UsageError } from '../errors.js';
import { findInputImages } from '../input-images.js';
import { onnxImageRunner, onnxRunSessions, onnxUpscaleTile, runtime, runtimeHelp, type Runtime } from '../onnx.js';
import { backend, backendHelp, nonNegativeInt, positiveInt } from '../options.js';

interface UpscaleOptions {
  out: string;
  tile?: number;
  overlap?: number;
  raw?: boolean;
  backend?: BackendChoice;
  runtime: Runtime;
}

export function registerUpscale(program: Command): void {
  program
    .command('upscale')
    .description('enlarge images of any size with a super-resolution run, tile by tile')
    .argument('<run>', 'run folder (or its checkpoint/ folder) of a super-resolution family, written by `ganforge train`')
    .argument('<input>', 'a PNG/JPEG image, or a folder of them (searched recursively)')
    .requiredOption('--out <folder>', 'folder for the enlarged images: PNGs with the inputs\' relative names')
    .option('--tile <pixels>', 'input pixels per tile side (default 128; 256 with --runtime onnx); smaller tiles use less memory', positiveInt)
    .option('--overlap <pixels>', 'input pixels of context around each tile (default: the generator\'s receptive radius, which gives the whole-image result)', nonNegativeInt)
    .option('--raw', 'use the trained generator even when the run kept an EMA copy')
    .option('--backend <name>', backendHelp, backend)
    .option('--runtime <tfjs|onnx>', runtimeHelp, runtime, 'tfjs' as Runtime)
    .action(async (run: string, input: string, options: UpscaleOptions) => {
      await upscale(run, input, options);
    });
}

async function upscale(run: string, input: string, options: UpscaleOptions): Promise<void> {
  const { dir, meta } = await readCheckpoint(run);
  const architecture = await loadArchitecture(meta.architecture);
  if (!architecture.upscale) {
    throw new UsageError(`${architecture.name} does not upscale images; \`ganforge upscale\` needs a run of a family with an upscale hook (a super-resolution family)`);
  }
  const images = await findInputImages(input);
  const report = await initBackend({ backend: options.backend });
  const network = !options.raw && meta.networks.includes(emaNetworkName) ? emaNetworkName : 'generator';
  const nets = await loadCheckpointNetworks(dir, { ...meta, networks: [network] });
  const generator = nets[network];
  if (generator === undefined) throw new UsageError(`checkpoint "${dir}" has no ${network} network`);
  const config = meta.config as unknown as TrainHyperparameters;
  // --runtime onnx: the run's generator converted to ONNX runs the tiles.
  const onnxRun = options.runtime === 'onnx' ? await onnxRunSessions(run, architecture, options) : undefined;
  const runner = onnxRun ? onnxImageRunner(onnxRun) : generator;
  console.log(
    `ganforge upscale | ${architecture.name} ${resolve(dir)} step ${meta.step} (${network}) | ${onnxRun ? onnxRun.describe : `backend ${report.backend}`} | ${images.length} image${images.length === 1 ? '' : 's'} -> ${resolve(options.out)}`,
  );
  const started = performance.now();
  try {
    for (const [i, { path, name }] of images.entries()) {
      const target = join(options.out, name.replace(/\.(png|jpe?g)$/i, '') + '.png');
      if (resolve(target) === resolve(path)) throw new UsageError(`writing "${target}" would replace its input; pass another --out`);
      const image = decodeImage(await readFile(path), path);
      const bar = new cliProgress.SingleBar(
        { format: `[${i + 1}/${images.length}] ${name} ${image.width}x${image.height} {bar} {value}/{total} tiles | ETA {eta_formatted}`, barsize: 20, noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      let barStarted = false;
      let result;
      try {
        result = await architecture.upscale(runner, image, config, {
          tileSize: options.tile ?? (onnxRun ? onnxUpscaleTile : undefined),
          overlap: options.overlap,
          onTile: (done, total) => {
            if (!barStarted) bar.start(total, 0);
            barStarted = true;
            bar.update(done);
          },
        });
      } finally {
        if (barStarted) bar.stop();
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, encodePng(result));
      console.log(`wrote ${target} (${result.width}x${result.height})`);
    }
  } finally {
    generator.dispose();
    await onnxRun?.release();
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
