/**
 * Small-data subsets (`--limit N`): a seeded choice of N examples, stratified by class, so that the
 * effect of training on little data can be measured on built-in datasets offline.
 */
import { deriveSeed, permutation } from '../random/rng.js';
import { DataError, type ImageDataset } from './dataset.js';

/** Which examples of a source a run keeps: how many, and the seed of the choice. */
export interface SubsetChoice {
  count: number;
  seed: number;
}

/**
 * How many examples each class gets: as equal as the classes allow. Classes share the count evenly;
 * a class with fewer examples than its share gives all it has and the rest is shared again among
 * the others; what is left after the even shares (fewer than the classes still open) goes one each
 * to the open classes in label order.
 * @param available examples per class, by label
 */
export function stratifiedQuotas(available: number[], count: number): number[] {
  const quota = available.map(() => 0);
  let left = count;
  let open = available.map((_, k) => k).filter((k) => available[k]! > 0);
  while (left > 0 && open.length > 0) {
    const share = Math.floor(left / open.length);
    if (share === 0) {
      for (const k of open.slice(0, left)) quota[k]! += 1;
      break;
    }
    for (const k of open) {
      const take = Math.min(share, available[k]! - quota[k]!);
      quota[k]! += take;
      left -= take;
    }
    open = open.filter((k) => quota[k]! < available[k]!);
  }
  return quota;
}

/**
 * Indices (ascending) of a seeded subset of `count` examples, stratified by `labels`: per class its
 * quota (stratifiedQuotas) taken from a permutation of that class's examples seeded by (seed,
 * label), so the same seed picks the same examples and a larger count keeps a smaller one's per
 * class. Unlabeled data (every label 0) is one class: a plain seeded subset.
 * @param name the source's name, for the error
 * @throws DataError when count is not a whole number from 1 to labels.length (the message says the size)
 */
export function stratifiedSubset(labels: Int32Array, count: number, seed: number, name: string): Int32Array {
  if (!Number.isInteger(count) || count < 1) throw new DataError(`limit must be a whole number of images, 1 or more, got ${count}`);
  if (count > labels.length) throw new DataError(`limit ${count} is more than ${name} holds: ${labels.length} images`);
  const members: number[][] = [];
  labels.forEach((label, i) => (members[label] ??= []).push(i));
  const available = Array.from({ length: members.length }, (_, k) => members[k]?.length ?? 0);
  const quotas = stratifiedQuotas(available, count);
  const chosen: number[] = [];
  quotas.forEach((quota, label) => {
    if (quota === 0) return;
    const own = members[label]!;
    const order = permutation(own.length, deriveSeed(seed, label));
    for (let j = 0; j < quota; j++) chosen.push(own[order[j]!]!);
  });
  return Int32Array.from(chosen.sort((a, b) => a - b));
}

/** The examples `indices` of a dataset, in that order (images and labels copied). */
export function selectExamples(dataset: ImageDataset, indices: Int32Array, name = dataset.name): ImageDataset {
  const pixels = dataset.height * dataset.width * dataset.channels;
  const images = new Uint8Array(indices.length * pixels);
  indices.forEach((index, j) => images.set(dataset.images.subarray(index * pixels, (index + 1) * pixels), j * pixels));
  return { ...dataset, name, count: indices.length, images, labels: Int32Array.from(indices, (i) => dataset.labels[i]!) };
}

/** A seeded, class-stratified subset of an in-memory dataset (see stratifiedSubset); its name says which. */
export function subsetDataset(dataset: ImageDataset, choice: SubsetChoice): ImageDataset {
  const indices = stratifiedSubset(dataset.labels, choice.count, choice.seed, dataset.name);
  return selectExamples(dataset, indices, subsetName(dataset.name, choice));
}

/** `<name> (N of it, seed s)`: how a subset's dataset names itself. */
export const subsetName = (name: string, choice: SubsetChoice): string => `${name} (subset of ${choice.count}, seed ${choice.seed})`;
