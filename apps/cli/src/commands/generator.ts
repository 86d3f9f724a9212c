import type * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendChoice, type TrainHyperparameters } from '@ganforge/core';
import { emaNetworkName, loadCheckpointNetworks, readCheckpoint } from '@ganforge/core/node';
import { loadArchitecture, type LoadedArchitecture } from '../architectures.js';
import { UsageError } from '../errors.js';

export interface RunGenerator {
  architecture: LoadedArchitecture;
  config: TrainHyperparameters;
  generator: tf.LayersModel;
  /** Which network was loaded: the EMA copy when the run kept one. */
  network: string;
}

/** Starts the backend and loads a run's generator (its EMA copy unless `raw`). */
export async function loadRunGenerator(path: string, options: { backend?: BackendChoice; raw?: boolean }): Promise<RunGenerator> {
  const { dir, meta } = await readCheckpoint(path);
  const architecture = await loadArchitecture(meta.architecture);
  await initBackend({ backend: options.backend });
  const network = !options.raw && meta.networks.includes(emaNetworkName) ? emaNetworkName : 'generator';
  const nets = await loadCheckpointNetworks(dir, { ...meta, networks: [network] });
  const generator = nets[network];
  if (generator === undefined) throw new UsageError(`checkpoint "${dir}" has no ${network} network`);
  return { architecture, config: meta.config as unknown as TrainHyperparameters, generator, network };
}
