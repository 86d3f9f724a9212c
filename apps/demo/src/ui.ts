/** Small DOM helpers: the page has a handful of controls, not enough to earn a UI framework. */

type Attributes = Record<string, string | number | boolean>;

/** An element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false) continue;
    element.setAttribute(key, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** A canvas of `width` x `height` pixels. */
export const canvas = (width: number, height = width, attributes: Attributes = {}): HTMLCanvasElement =>
  el('canvas', { width, height, ...attributes });

/** A labelled control: `<label>text <control></label>`. */
export const labelled = (text: string, control: HTMLElement): HTMLLabelElement => el('label', {}, `${text} `, control);

/** A figure with a caption under its canvas. */
export const figure = (content: HTMLElement, caption: string): HTMLElement => el('figure', {}, content, el('figcaption', {}, caption));

/** A panel section with a heading and a one-line description. */
export function panel(id: string, title: string, ...description: (Node | string)[]): HTMLElement {
  return el('section', { class: 'panel', 'data-panel': id }, el('h2', {}, title), el('p', { class: 'about' }, ...description));
}

/**
 * Runs `task` for the latest request only: a request made while one runs is queued, and requests
 * made meanwhile collapse into it (sliders and drawing fire faster than a network runs).
 */
export function latest(task: () => Promise<void>, onError: (error: unknown) => void): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const run = async (): Promise<void> => {
    do {
      again = false;
      await task().catch(onError);
    } while (again);
    running = undefined;
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = run();
    return running;
  };
}

/**
 * Marks a panel busy while `work` runs: data-ready is "true" when none of its renders is pending,
 * and data-renders counts finished renders (the browser test waits on both).
 */
export async function rendering(section: HTMLElement, work: () => Promise<void>): Promise<void> {
  const pending = (delta: number) => {
    const count = Number(section.dataset.pending ?? 0) + delta;
    section.dataset.pending = String(count);
    section.dataset.ready = String(count === 0);
  };
  pending(1);
  try {
    await work();
    section.dataset.renders = String(Number(section.dataset.renders ?? 0) + 1);
  } finally {
    pending(-1);
  }
}

/** A number with 3 significant digits (figures in the panel headings). */
const figureText = (value: number): string => (Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(3));

/**
 * What a panel shows, from the export's files: family, preset, training steps and the run's first
 * measured quality figure (demo.json, written by scripts/remake-models.mjs), never hard-coded.
 */
export function factsLine(manifest: { architecture: string; step: number }, facts: { preset: string; trained: string; quality: { label: string; value: number; baseline?: number; baselineLabel?: string; unit?: string }[] } | undefined): HTMLElement {
  const line = el('p', { class: 'facts' });
  line.dataset.family = manifest.architecture;
  line.dataset.steps = String(manifest.step);
  const parts = [`family ${manifest.architecture}`, `preset ${facts?.preset ?? 'unknown'}`, `${manifest.step.toLocaleString('en')} training steps`];
  if (facts === undefined) {
    parts.push('no demo.json: quality not measured');
  } else {
    line.dataset.preset = facts.preset;
    parts.push(facts.trained);
    const [first] = facts.quality;
    if (first !== undefined) {
      const unit = first.unit === undefined ? '' : ` ${first.unit}`;
      const baseline = first.baseline === undefined ? '' : ` (${first.baselineLabel ?? 'baseline'}: ${figureText(first.baseline)}${unit})`;
      parts.push(`${first.label}: ${figureText(first.value)}${unit}${baseline}`);
      line.dataset.quality = String(first.value);
    }
  }
  line.textContent = parts.join(' · ');
  return line;
}

/** A panel's message line (hidden until `say`): bad uploads and failed renders show here, in the panel. */
export function messageLine(): { element: HTMLElement; say: (text: string) => void; clear: () => void } {
  const element = el('p', { class: 'message', role: 'alert' });
  element.hidden = true;
  return {
    element,
    say: (text) => {
      element.textContent = text;
      element.hidden = false;
    },
    clear: () => {
      element.textContent = '';
      element.hidden = true;
    },
  };
}
