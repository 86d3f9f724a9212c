/**
 * The page: start a backend, list the exported generators served under models/, and show one panel
 * per export (by its manifest's input kind) plus the live toy GAN.
 */
import * as tf from '@tensorflow/tfjs';
import '@ganforge/core'; // registers core's custom layers, which exported models may use
import './layers.js'; // and the families' own (ProGAN's fade-in, StyleGAN's modulated conv, ...)
import { startBackend } from './backend.js';
import { listExports, loadExport, type LoadedExport } from './models.js';
import { classPanel } from './panels/class.js';
import { drawPanel } from './panels/draw.js';
import { noisePanel } from './panels/noise.js';
import { stylePanel } from './panels/style.js';
import { toyPanel } from './panels/toy.js';
import { cyclePanel, superResolutionPanel } from './panels/upload.js';
import { el, factsLine } from './ui.js';
import './style.css';

type PanelBuilder = (model: LoadedExport, onError: (error: unknown) => void) => Promise<HTMLElement>;

/** The panel for an export, from its input kind (and, for images, whether it upscales or has a reverse). */
function panelFor(model: LoadedExport): PanelBuilder | undefined {
  const { input } = model.manifest;
  switch (input.kind) {
    case 'noise':
      return noisePanel;
    case 'class':
      return classPanel;
    case 'style':
      return stylePanel;
    case 'image':
      if (input.scale > 1) return superResolutionPanel;
      return model.models.reverse !== undefined ? cyclePanel : drawPanel;
    default:
      return undefined;
  }
}

const backendLabel = document.querySelector<HTMLElement>('#backend')!;
const backendNote = document.querySelector<HTMLElement>('#backend-note')!;
const panels = document.querySelector<HTMLElement>('#panels')!;
const errors = document.querySelector<HTMLElement>('#errors')!;

function showError(error: unknown): void {
  console.error(error);
  errors.append(el('p', {}, error instanceof Error ? error.message : String(error)));
  errors.hidden = false;
}

/** Panel order: "help you draw" first, then the other image panels, then samples from noise. */
const order: PanelBuilder[] = [drawPanel, stylePanel, cyclePanel, superResolutionPanel, noisePanel, classPanel];
const rank = (model: LoadedExport): number => {
  const index = order.indexOf(panelFor(model)!);
  return index < 0 ? order.length : index;
};

/** A panel in place of an export that cannot be shown, saying what is wrong with it. */
function brokenPanel(name: string, error: unknown): HTMLElement {
  console.error(error);
  const text = error instanceof Error ? error.message : String(error);
  const section = el('section', { class: 'panel broken', 'data-panel': 'broken', 'data-model': name, 'data-ready': 'true' }, el('h2', {}, `models/${name}`), el('p', { class: 'message', role: 'alert' }, text));
  return section;
}

async function start(): Promise<void> {
  const requested = new URLSearchParams(location.search).get('backend');
  const { name: backend, note } = await startBackend(requested);
  backendLabel.textContent = backend;
  backendNote.textContent = note === '' ? '' : `· ${note}`;
  backendLabel.dataset.backend = backend;
  document.body.dataset.backend = backend;

  const loading = el('p', { class: 'loading' }, 'loading models ...');
  panels.append(loading);
  const names = await listExports();
  const loadBegan = performance.now();
  const loaded = await Promise.all(names.map((name) => loadExport(name).then((model) => ({ name, model }), (error: unknown) => ({ name, error }))));
  loading.remove();
  document.body.dataset.loadMs = (performance.now() - loadBegan).toFixed(0);
  // Broken exports last, each with its message; the rest in panel order.
  const good = loaded.flatMap((entry) => ('model' in entry ? [entry.model] : [])).sort((a, b) => rank(a) - rank(b));
  for (const model of good) {
    const build = panelFor(model);
    if (build === undefined) {
      panels.append(brokenPanel(model.name, new Error(`models/${model.name}: no panel for input kind "${(model.manifest.input as { kind: string }).kind}"`)));
      continue;
    }
    try {
      const began = performance.now();
      const section = await build(model, showError);
      section.dataset.firstRenderMs = (performance.now() - began).toFixed(0);
      section.querySelector('h2')!.after(factsLine(model.manifest, model.facts));
      panels.append(section);
    } catch (error) {
      // e.g. a custom layer this page does not register: name the export it came from.
      panels.append(brokenPanel(model.name, new Error(`models/${model.name} (${model.manifest.architecture}): ${error instanceof Error ? error.message : String(error)}`)));
    }
  }
  for (const entry of loaded) if ('error' in entry) panels.append(brokenPanel(entry.name, entry.error));
  panels.append(toyPanel(showError));
  document.body.dataset.started = 'true';
  console.log(`ganforge demo: backend ${tf.getBackend()}, ${tf.memory().numTensors} tensors`);
}

start().catch((error: unknown) => {
  backendLabel.textContent = 'none';
  showError(error);
  document.body.dataset.started = 'failed';
});
