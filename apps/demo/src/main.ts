/**
 * The page: start a backend, list the exported generators served under models/, and show one panel
 * per export (by its manifest's input kind) plus the live toy GAN.
 */
import * as tf from '@tensorflow/tfjs';
import '@ganforge/core'; // registers core's custom layers, which exported models may use
import { startBackend } from './backend.js';
import { listExports, loadExport, type LoadedExport } from './models.js';
import { classPanel } from './panels/class.js';
import { drawPanel } from './panels/draw.js';
import { noisePanel } from './panels/noise.js';
import { stylePanel } from './panels/style.js';
import { toyPanel } from './panels/toy.js';
import { cyclePanel, superResolutionPanel } from './panels/upload.js';
import { el } from './ui.js';
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

async function start(): Promise<void> {
  const requested = new URLSearchParams(location.search).get('backend');
  const { name: backend, note } = await startBackend(requested);
  backendLabel.textContent = backend;
  backendNote.textContent = note === '' ? '' : `· ${note}`;
  backendLabel.dataset.backend = backend;
  document.body.dataset.backend = backend;

  for (const entry of await listExports()) {
    const slot = el('div', { class: 'slot' }, el('p', { class: 'loading' }, `loading models/${entry.name} ...`));
    panels.append(slot);
    try {
      const model = await loadExport(entry);
      const build = panelFor(model);
      if (build === undefined) {
        slot.replaceChildren(el('p', {}, `models/${entry.name}: no panel for input kind "${(model.manifest.input as { kind: string }).kind}"`));
        continue;
      }
      slot.replaceChildren(await build(model, showError));
    } catch (error) {
      // e.g. a custom layer this page does not register: name the export it came from.
      slot.remove();
      showError(new Error(`models/${entry.name} (${entry.manifest.architecture}): ${error instanceof Error ? error.message : String(error)}`));
    }
  }
  panels.append(toyPanel(showError));
  document.body.dataset.started = 'true';
  console.log(`ganforge demo: backend ${tf.getBackend()}, ${tf.memory().numTensors} tensors`);
}

start().catch((error: unknown) => {
  backendLabel.textContent = 'none';
  showError(error);
  document.body.dataset.started = 'failed';
});
