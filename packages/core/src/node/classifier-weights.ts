// The classifiers shipped in @ganforge/datasets (classifiers/<dataset>/: model.json, weights.bin, info.json).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as DatasetsPackage from '@ganforge/datasets';
import { DataError } from '../data/dataset.js';
import { ImageClassifier, type ClassifierInfo } from '../metrics/classifier.js';
import { loadModel } from './model-io.js';

/** Datasets with a shipped classifier. */
export const classifierDatasets = ['mnist', 'fashion-mnist'] as const;

/** Loads a classifier folder (model.json, weights.bin, info.json) as written by scripts/train-classifier.mjs. */
export async function loadClassifierFrom(dir: string): Promise<ImageClassifier> {
  let info: ClassifierInfo;
  try {
    info = JSON.parse(await readFile(join(dir, 'info.json'), 'utf8')) as ClassifierInfo;
  } catch (error) {
    throw new DataError(`classifier folder "${dir}" has no readable info.json (${(error as Error).message}); reinstall @ganforge/datasets`);
  }
  return new ImageClassifier(await loadModel(dir), info);
}

/**
 * The shipped classifier of a built-in dataset (see @ganforge/datasets' README for how it was
 * trained and its test accuracy).
 * @throws DataError for a dataset without one (the message lists those with one), or when
 * @ganforge/datasets is not installed.
 */
export async function loadClassifier(dataset: string): Promise<ImageClassifier> {
  if (!(classifierDatasets as readonly string[]).includes(dataset)) {
    throw new DataError(`no ganforge classifier for data "${dataset}"; classifiers exist for: ${classifierDatasets.join(', ')}`);
  }
  let pkg: typeof DatasetsPackage;
  try {
    pkg = await import('@ganforge/datasets');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new DataError(`the ${dataset} classifier needs the @ganforge/datasets package: pnpm add @ganforge/datasets`);
  }
  return loadClassifierFrom(pkg.classifierDir(dataset as (typeof classifierDatasets)[number]));
}
