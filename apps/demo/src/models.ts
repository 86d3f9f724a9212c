/**
 * The exports the page serves: `models/index.json` (written by vite.config.ts from
 * public/models/<name>/ganforge.json) and, per export, its LayersModels by role.
 */
import * as tf from '@tensorflow/tfjs';
import { exportManifestFormat, type ExportManifest } from '@ganforge/core';

export interface ExportEntry {
  /** Folder name under models/. */
  name: string;
  manifest: ExportManifest;
}

/** An export with its networks loaded, by role (`generator`, `reverse`, `mapping`, `synthesis`). */
export interface LoadedExport extends ExportEntry {
  models: Record<string, tf.LayersModel>;
}

/** The exports listed in models/index.json; an empty list when there is none. */
export async function listExports(base = document.baseURI): Promise<ExportEntry[]> {
  const response = await fetch(new URL('models/index.json', base));
  if (!response.ok) return [];
  const { models } = (await response.json()) as { models: ExportEntry[] };
  return models;
}

/** Loads every network of an export. Throws with the export's name when a file is missing or newer. */
export async function loadExport(entry: ExportEntry, base = document.baseURI): Promise<LoadedExport> {
  const { manifest, name } = entry;
  if (typeof manifest.format !== 'number' || manifest.format > exportManifestFormat) {
    throw new Error(`models/${name}: manifest format ${manifest.format} is newer than this page reads (${exportManifestFormat}); rebuild the demo`);
  }
  const folder = new URL(`models/${name}/`, base);
  const models: Record<string, tf.LayersModel> = {};
  for (const [role, path] of Object.entries(manifest.models)) {
    models[role] = await tf.loadLayersModel(new URL(path, folder).href);
  }
  return { ...entry, models };
}
