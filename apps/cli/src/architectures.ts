/**
 * Finds the installed family packages. A family is any npm package whose package.json says
 * `"ganforge": { "family": "<export>" }`: its entry point exports an Architecture object under that
 * name. The CLI looks in every node_modules folder above the working folder and above itself, so a
 * team's private family installed beside ganforge is found like the published ones; it never
 * imports a family by name.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, parse, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Architecture, TrainHyperparameters } from '@ganforge/core';
import { UsageError } from './errors.js';

/** The families ganforge publishes, for install hints: `npm install @ganforge/<name>`. */
export const knownArchitectures = ['dcgan', 'cgan', 'pix2pix', 'cyclegan', 'srgan', 'progan', 'stylegan', 'toy'] as const;

export type LoadedArchitecture = Architecture<TrainHyperparameters>;

/** A family package found on disk. */
interface FamilyPackage {
  /** The package's name, e.g. @ganforge/dcgan. */
  packageName: string;
  /** The export that holds the Architecture object. */
  exportName: string;
  /** Absolute path of its entry point. */
  entry: string;
}

interface PackageJson {
  name?: string;
  main?: string;
  exports?: string | Record<string, unknown>;
  ganforge?: { family?: string };
}

/** node_modules folders from `start` up to the root. */
function nodeModulesAbove(start: string): string[] {
  const found: string[] = [];
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (parse(dir).base !== 'node_modules') found.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) return found;
  }
}

/** The file the package's "." export (or main) names for `import`. */
function entryOf(dir: string, json: PackageJson): string {
  const dot = typeof json.exports === 'object' && json.exports !== null ? (json.exports['.'] ?? json.exports) : json.exports;
  const target =
    typeof dot === 'string' ? dot : typeof dot === 'object' && dot !== null ? ((dot as Record<string, unknown>).import ?? (dot as Record<string, unknown>).default) : undefined;
  return join(dir, typeof target === 'string' ? target : (json.main ?? 'index.js'));
}

async function readPackage(dir: string): Promise<FamilyPackage | undefined> {
  const json = (await readFile(join(dir, 'package.json'), 'utf8').then(JSON.parse, () => undefined)) as PackageJson | undefined;
  const exportName = json?.ganforge?.family;
  if (json?.name === undefined || typeof exportName !== 'string') return undefined;
  return { packageName: json.name, exportName, entry: entryOf(dir, json) };
}

/** Every package directory directly in a node_modules folder (scoped ones included). */
async function packageDirs(nodeModules: string): Promise<string[]> {
  const names = await readdir(nodeModules).catch(() => [] as string[]);
  const dirs = await Promise.all(
    names.map(async (name) => {
      if (name.startsWith('.')) return [];
      if (!name.startsWith('@')) return [join(nodeModules, name)];
      return (await readdir(join(nodeModules, name)).catch(() => [] as string[])).map((inner) => join(nodeModules, name, inner));
    }),
  );
  return dirs.flat();
}

let discovered: Promise<FamilyPackage[]> | undefined;

/** The family packages visible from the working folder and from the CLI, the nearest of each name first. */
function familyPackages(): Promise<FamilyPackage[]> {
  discovered ??= (async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const folders = [...new Set([...nodeModulesAbove(process.cwd()), ...nodeModulesAbove(here)])];
    const found = new Map<string, FamilyPackage>();
    for (const folder of folders) {
      for (const dir of await packageDirs(folder)) {
        const family = await readPackage(dir);
        if (family && !found.has(family.exportName)) found.set(family.exportName, family);
      }
    }
    const order = (name: string) => {
      const i = (knownArchitectures as readonly string[]).indexOf(name);
      return i < 0 ? knownArchitectures.length : i;
    };
    return [...found.values()].sort((a, b) => order(a.exportName) - order(b.exportName) || a.exportName.localeCompare(b.exportName));
  })();
  return discovered;
}

const loaded = new Map<string, Promise<LoadedArchitecture>>();

/** Imports a family package and checks that it exports an Architecture under its declared name. */
function importFamily(family: FamilyPackage): Promise<LoadedArchitecture> {
  let pending = loaded.get(family.entry);
  if (pending === undefined) {
    pending = import(pathToFileURL(family.entry).href).then((module: Record<string, unknown>) => {
      const architecture = module[family.exportName] as LoadedArchitecture | undefined;
      if (typeof architecture?.trainStep !== 'function' || typeof architecture.name !== 'string') {
        throw new UsageError(`${family.packageName} declares the family "${family.exportName}" in its package.json, but its entry point exports no Architecture of that name`);
      }
      return architecture;
    });
    loaded.set(family.entry, pending);
  }
  return pending;
}

/** The architecture named `name`, or a UsageError saying how to install it or which names exist. */
export async function loadArchitecture(name: string): Promise<LoadedArchitecture> {
  const families = await familyPackages();
  const family = families.find((f) => f.exportName === name);
  if (family !== undefined) return importFamily(family);
  if ((knownArchitectures as readonly string[]).includes(name)) {
    throw new UsageError(`architecture "${name}" is not installed; install it with: npm install @ganforge/${name}  (or pnpm add @ganforge/${name})`);
  }
  const names = [...new Set([...families.map((f) => f.exportName), ...knownArchitectures])];
  throw new UsageError(`unknown architecture "${name}"; known architectures: ${names.join(', ')}`);
}

/** The installed architectures: ganforge's in their published order, then others by name. */
export async function installedArchitectures(): Promise<LoadedArchitecture[]> {
  return Promise.all((await familyPackages()).map(importFamily));
}
