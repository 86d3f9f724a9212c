import type * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';
import { initBackend, type BackendChoice, type NoiseArchitecture, type TrainHyperparameters } from '@ganforge/core';
import { emaNetworkName } from '@ganforge/core/train';
import { loadCheckpointNetworks, readCheckpoint } from '@ganforge/core/node';
import { loadArchitecture, type LoadedArchitecture } from '../architectures.js';
import { UsageError } from '../errors.js';
import { backend, backendHelp } from '../options.js';

export interface RunGenerator {
  architecture: NoiseArchitecture<TrainHyperparameters> & LoadedArchitecture;
  config: TrainHyperparameters;
  generator: tf.LayersModel;
  /** Which network was loaded: the EMA copy when the run kept one. */
  network: string;
}

const samplesFromNoise = (architecture: LoadedArchitecture): architecture is RunGenerator['architecture'] =>
  architecture.latent !== undefined && architecture.generate !== undefined;

/** Starts the backend and loads a noise-driven run's generator (its EMA copy unless `raw`). */
export async function loadRunGenerator(path: string, options: { backend?: BackendChoice; raw?: boolean }): Promise<RunGenerator> {
  const { dir, meta } = await readCheckpoint(path);
  const architecture = await loadArchitecture(meta.architecture);
  if (!samplesFromNoise(architecture) && architecture.data === 'synthetic') {
    throw new UsageError(`${architecture.name} generates 2-D points, not images: its scatter plots are in the run's samples/ folder, and \`ganforge evaluate ${path}\` reports the modes it covers`);
  }
  if (!samplesFromNoise(architecture)) {
    throw new UsageError(`${architecture.name} maps images to images and has no latent codes to sample; use \`ganforge translate\` or \`ganforge upscale\` with this run`);
  }
  await initBackend({ backend: options.backend });
  const network = !options.raw && meta.networks.includes(emaNetworkName) ? emaNetworkName : 'generator';
  const nets = await loadCheckpointNetworks(dir, { ...meta, networks: [network] });
  const generator = nets[network];
  if (generator === undefined) throw new UsageError(`checkpoint "${dir}" has no ${network} network`);
  return { architecture, config: meta.config as unknown as TrainHyperparameters, generator, network };
}

/** A verb that reads a run's generator: `<run>` plus --raw and --backend. */
export function generatorCommand(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .argument('<run>', 'run folder (or its checkpoint/ folder) written by `ganforge train`')
    .option('--raw', 'use the trained generator even when the run kept an EMA copy')
    .option('--backend <name>', backendHelp, backend);
}
