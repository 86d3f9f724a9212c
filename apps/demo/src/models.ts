/**
 * The exports the page serves: `models/index.json` (written by vite.config.ts: one name per folder
 * under public/models/) and, per export, its `ganforge.json` (what `ganforge export` wrote), its
 * `demo.json` (what `scripts/remake-models.mjs` measured) and its LayersModels by role. Anything
 * missing or inconsistent throws an ExportError naming the folder and the file, for the page to show.
 */
import * as tf from '@tensorflow/tfjs';
import { exportManifestFile, exportManifestFormat, type ExportManifest } from '@ganforge/core';

/** A measured figure of the run, e.g. held-out L1 of the generator against the identity's. */
export interface QualityFigure {
  /** What was measured, e.g. `held-out L1 (lower is better)`. */
  label: string;
  value: number;
  /** The same measure of a baseline (identity, bicubic), when there is one. */
  baseline?: number;
  baselineLabel?: string;
  /** Unit after the numbers, e.g. `dB`. */
  unit?: string;
}

/** `demo.json`: how the export was made, written by scripts/remake-models.mjs beside ganforge.json. */
export interface ExportFacts {
  family: string;
  preset: string;
  steps: number;
  /** Wall time of training, as said, e.g. `5 min 40 s on wasm, 2 CPU cores shared`. */
  trained: string;
  /** The measured quality figures, first one shown in the panel heading. */
  quality: QualityFigure[];
  /** Example inputs (image paths relative to the export folder): sketches, scenes, test photos. */
  examples?: string[];
  /** `ganforge evaluate` command that measured `quality`. */
  evaluated?: string;
}

/** An export with its files read and its networks loaded, by role (`generator`, `reverse`, `mapping`, `synthesis`). */
export interface LoadedExport {
  /** Folder name under models/. */
  name: string;
  manifest: ExportManifest;
  /** undefined when the folder has no demo.json (e.g. a test fixture). */
  facts: ExportFacts | undefined;
  /** URL of the export folder, for its example files. */
  folder: URL;
  models: Record<string, tf.LayersModel>;
}

/** Something wrong with an export folder: the page shows it in place of the panel. */
export class ExportError extends Error {
  override name = 'ExportError';
}

/** The export folder names listed in models/index.json; an empty list when there is none. */
export async function listExports(base = document.baseURI): Promise<string[]> {
  const response = await fetch(new URL('models/index.json', base));
  if (!response.ok) return [];
  const { models } = (await response.json()) as { models: { name: string }[] };
  return models.map((model) => model.name);
}

/** A JSON file, or undefined when the server has none (a 404, or a dev server's index.html in its place). */
async function fetchJson(url: URL, what: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok || (response.headers.get('content-type') ?? '').includes('text/html')) return undefined;
  try {
    return await response.json();
  } catch {
    throw new ExportError(`${what} is not valid JSON`);
  }
}

async function readJson(url: URL, what: string): Promise<unknown> {
  const json = await fetchJson(url, what);
  if (json === undefined) throw new ExportError(`${what} is missing`);
  return json;
}

/** The static shape of a model's first input or output, without the batch axis. */
const shapeOf = (shape: tf.Shape | tf.Shape[]): (number | null)[] => ((Array.isArray(shape[0]) ? shape[0] : shape) as tf.Shape).slice(1);

const same = (actual: (number | null)[], expected: number[]) =>
  actual.length === expected.length && actual.every((size, i) => size === null || size === expected[i]);

/** Throws when the loaded networks do not take or give what the manifest says. */
function checkShapes(manifest: ExportManifest, models: Record<string, tf.LayersModel>, where: string): void {
  const { input, output } = manifest;
  const generator = models.generator!;
  const expectations: [string, tf.LayersModel | undefined, 'inputs' | 'outputs', number[]][] = [];
  const image = [output.height, output.width, output.channels];
  switch (input.kind) {
    case 'noise':
      expectations.push(['generator', generator, 'inputs', [input.latentDim]]);
      break;
    case 'class':
      expectations.push(['generator', generator, 'inputs', [input.latentDim + input.numClasses]]);
      break;
    case 'style':
      if (models.mapping === undefined || models.synthesis === undefined) throw new ExportError(`${where}: a style export needs models.mapping and models.synthesis`);
      if (input.wAvg.length !== input.wDim) throw new ExportError(`${where}: wAvg has ${input.wAvg.length} values, wDim is ${input.wDim}`);
      expectations.push(['generator', generator, 'inputs', [input.latentDim]], ['mapping', models.mapping, 'outputs', [input.wDim]], ['synthesis', models.synthesis, 'inputs', [input.numWs, input.wDim]]);
      expectations.push(['synthesis', models.synthesis, 'outputs', image]);
      break;
    case 'image':
      expectations.push(['generator', generator, 'inputs', [input.size, input.size, input.channels]]);
      if (models.reverse !== undefined) expectations.push(['reverse', models.reverse, 'inputs', [input.size, input.size, output.channels]]);
      break;
    default:
      throw new ExportError(`${where}: unknown input kind "${(input as { kind: string }).kind}"`);
  }
  if (input.kind !== 'image') expectations.push(['generator', generator, 'outputs', image]);
  for (const [role, model, side, expected] of expectations) {
    const actual = shapeOf(model![side === 'inputs' ? 'inputs' : 'outputs'][0]!.shape);
    if (!same(actual, expected)) {
      throw new ExportError(`${where}: ${exportManifestFile} does not match the ${role} network: it says ${side === 'inputs' ? 'input' : 'output'} [${expected.join(', ')}], the network has [${actual.join(', ')}]`);
    }
  }
}

/** Reads and checks an export folder and loads its networks. Throws an ExportError naming what is wrong. */
export async function loadExport(name: string, base = document.baseURI): Promise<LoadedExport> {
  const folder = new URL(`models/${name}/`, base);
  const where = `models/${name}`;
  const manifest = (await readJson(new URL(exportManifestFile, folder), `${where}/${exportManifestFile}`)) as ExportManifest;
  if (typeof manifest !== 'object' || manifest === null || typeof manifest.architecture !== 'string' || typeof manifest.models?.generator !== 'string' || typeof manifest.input?.kind !== 'string') {
    throw new ExportError(`${where}/${exportManifestFile} is not an export manifest (it needs architecture, input.kind and models.generator); re-run ganforge export`);
  }
  if (typeof manifest.format !== 'number' || manifest.format > exportManifestFormat) {
    throw new ExportError(`${where}: manifest format ${manifest.format} is newer than this page reads (${exportManifestFormat}); rebuild the demo`);
  }
  const facts = (await fetchJson(new URL('demo.json', folder), `${where}/demo.json`)) as ExportFacts | undefined;
  if (facts !== undefined && facts.family !== manifest.architecture) {
    throw new ExportError(`${where}: demo.json is for ${facts.family} but ${exportManifestFile} for ${manifest.architecture}; re-run scripts/remake-models.mjs`);
  }
  const models: Record<string, tf.LayersModel> = {};
  for (const [role, path] of Object.entries(manifest.models)) {
    try {
      models[role] = await tf.loadLayersModel(new URL(path, folder).href);
    } catch (error) {
      throw new ExportError(`${where}/${path} (${role}) does not load: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  checkShapes(manifest, models, where);
  return { name, manifest, facts, folder, models };
}
