// The procedural image-to-image sets stored as PNG folders in the optional @ganforge/datasets package.
import type * as DatasetsPackage from '@ganforge/datasets';

import { DataError } from '../dataset.js';

/** Built-in folder datasets: paired (pix2pix) and unpaired (CycleGAN) procedural sets, 64 x 64. */
export const builtinFolderDatasets = ['edges2shapes', 'day2night', 'circles2squares'] as const;
export type BuiltinFolderDatasetName = (typeof builtinFolderDatasets)[number];

/**
 * The folder of a built-in folder dataset, or undefined when `name` is not one.
 * @throws DataError when it is one but @ganforge/datasets is not installed or too old to hold it.
 */
export async function builtinFolder(name: string): Promise<string | undefined> {
  if (!(builtinFolderDatasets as readonly string[]).includes(name)) return undefined;
  let pkg: typeof DatasetsPackage;
  try {
    pkg = await import('@ganforge/datasets');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new DataError(`built-in dataset "${name}" needs the @ganforge/datasets package: pnpm add @ganforge/datasets`);
  }
  if (typeof pkg.datasetFolder !== 'function') {
    throw new DataError(`built-in dataset "${name}" needs a newer @ganforge/datasets (0.2 or later): pnpm add @ganforge/datasets@latest`);
  }
  return pkg.datasetFolder(name as BuiltinFolderDatasetName);
}
