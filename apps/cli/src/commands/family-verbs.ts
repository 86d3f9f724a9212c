/**
 * Mounts the verbs that installed families bring (Architecture.cli.verbs), e.g. `ganforge mix`: each
 * takes a run folder of its family, --raw and --backend, plus the options it declares, and runs
 * with a host that lends it files, image grids and the shipped classifiers.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';
import type { BackendChoice, FamilyVerb, LoadedRun, VerbHost, VerbOptionKind } from '@ganforge/core';
import { encodePng, tensorGrid } from '@ganforge/core/image';
import { classifierDatasets, loadClassifier, readCheckpoint, readCodeFiles } from '@ganforge/core/node';
import type { LoadedArchitecture } from '../architectures.js';
import { UsageError } from '../errors.js';
import { codeOwner } from '../codes.js';
import { finiteNumber, integer, list, pair, positiveInt, positiveNumber, seedList } from '../options.js';
import { generatorCommand, loadRunGenerator } from './generator.js';

const parsers: Partial<Record<VerbOptionKind, (value: string) => unknown>> = {
  integer,
  'positive-integer': positiveInt,
  number: finiteNumber,
  'positive-number': positiveNumber,
  seeds: seedList,
  pair,
  list,
};

/** What the CLI lends a family's verb on `run`. */
export const verbHost = (family: string, run: LoadedRun<unknown>): VerbHost => ({
  writeGrid: async (file, images, columns) => writeFile(file, encodePng(await tensorGrid(images, columns))),
  writeText: (file, text) => writeFile(file, text),
  readJson: async (file, what) => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as unknown;
    } catch (error) {
      throw new UsageError(`cannot read ${what} "${file}": ${(error as Error).message}`);
    }
  },
  readCodes: (files) => readCodeFiles(files, codeOwner(family, run.config)),
  classifierDatasets,
  classifier: (dataset) => loadClassifier(dataset),
  fail: (message) => {
    throw new UsageError(message);
  },
  log: (line) => console.log(line),
});

/**
 * The run at `path` with its generator, refused with one line when it belongs to another family than
 * `owner` (whose `scope` says what its verbs work on). `what` names the verb in that line.
 */
export async function loadFamilyRun(
  owner: LoadedArchitecture,
  path: string,
  options: { backend?: BackendChoice; raw?: boolean },
  what: string,
): Promise<LoadedRun<unknown>> {
  const { meta } = await readCheckpoint(path);
  if (meta.architecture !== owner.name) {
    const scope = owner.cli?.scope ?? `needs a ${owner.name} run`;
    throw new UsageError(`\`ganforge ${what}\` ${scope}; "${path}" is a ${meta.architecture} run (train one with \`ganforge train ${owner.name}\`)`);
  }
  const { config, generator, network } = await loadRunGenerator(path, options);
  return { path, config, generator, network, data: { source: meta.data.source, classNames: meta.data.classNames } };
}

/** Registers every verb of every installed family; a name already taken is a one-line error at start. */
export function registerFamilyVerbs(program: Command, families: LoadedArchitecture[]): void {
  const taken = new Set(program.commands.map((c) => c.name()));
  for (const family of families) {
    for (const verb of (family.cli?.verbs ?? []) as FamilyVerb<unknown>[]) {
      if (taken.has(verb.name)) throw new UsageError(`${family.name} brings the verb "${verb.name}", which another verb already has; rename one of them`);
      taken.add(verb.name);
      const command = generatorCommand(program, verb.name, verb.description);
      for (const option of verb.options) {
        const parse = parsers[option.kind ?? 'string'];
        const add = (option.required ? command.requiredOption : command.option).bind(command);
        if (parse) add(option.flags, option.description, parse, option.default);
        else add(option.flags, option.description, option.default as string | boolean | undefined);
      }
      command.action(async (run: string, options: Record<string, unknown> & { backend?: BackendChoice; raw?: boolean }) => {
        const loaded = await loadFamilyRun(family, run, options, verb.name);
        try {
          await verb.run(loaded, options, verbHost(family.name, loaded));
        } finally {
          (loaded.generator as tf.LayersModel).dispose();
        }
      });
    }
  }
}
