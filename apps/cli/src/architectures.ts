/**
 * Finds installed architecture packages. Each family is its own npm package (`@ganforge/<name>`)
 * exporting an Architecture object under its short name; the CLI imports what is installed.
 */
import type { Architecture, TrainHyperparameters } from '@ganforge/core';
import { UsageError } from './errors.js';

/** Every family ganforge publishes. */
export const knownArchitectures = ['dcgan', 'cgan', 'pix2pix', 'cyclegan', 'srgan', 'progan', 'stylegan', 'toy'] as const;

export type LoadedArchitecture = Architecture<TrainHyperparameters> & { version: string };

const isMissingModule = (error: unknown) =>
  error instanceof Error && ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'].includes((error as { code?: string }).code ?? '');

/** Imports `@ganforge/<name>`; undefined when it is not installed. */
async function tryLoad(name: string): Promise<LoadedArchitecture | undefined> {
  try {
    const module = (await import(/* @vite-ignore */ `@ganforge/${name}`)) as Record<string, unknown>;
    return module[name] as LoadedArchitecture | undefined;
  } catch (error) {
    if (isMissingModule(error) && String((error as Error).message).includes(`@ganforge/${name}`)) return undefined;
    throw error;
  }
}

/** The architecture named `name`, or a UsageError saying how to install it or which names exist. */
export async function loadArchitecture(name: string): Promise<LoadedArchitecture> {
  if (!(knownArchitectures as readonly string[]).includes(name)) {
    throw new UsageError(`unknown architecture "${name}"; known architectures: ${knownArchitectures.join(', ')}`);
  }
  const architecture = await tryLoad(name);
  if (architecture === undefined) {
    throw new UsageError(`architecture "${name}" is not installed; install it with: npm install @ganforge/${name}  (or pnpm add @ganforge/${name})`);
  }
  return architecture;
}

/** The installed architectures, in the order of knownArchitectures. */
export async function installedArchitectures(): Promise<LoadedArchitecture[]> {
  const found = await Promise.all(knownArchitectures.map(tryLoad));
  return found.filter((a): a is LoadedArchitecture => a !== undefined);
}
