/**
 * pix2pix (an `image` export without a reverse model): "a GAN can help you draw". A sketch canvas
 * with pen, eraser, clear, undo and example sketches; the generator translates the sketch as you
 * draw. Each stroke segment asks for a translation; segments drawn while one runs collapse into
 * the next. Pointer events, so mouse, pen and touch all draw.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExportInput } from '@ganforge/core';
import { pixelsToTensor, showImages } from '../images.js';
import type { LoadedExport } from '../models.js';
import { canvas, el, figure, latest, panel, rendering } from '../ui.js';
import { exampleImage } from './upload.js';

type ImageInput = Extract<ExportInput, { kind: 'image' }>;

/** Sketch pixels per model input pixel: strokes are drawn smooth, then shrunk to the model's size. */
const zoom = 8;
/** Undo steps kept. */
const undoDepth = 30;
/** Pen colours offered besides the export's own pen colour (edges2shapes' outlines are coloured). */
const palette = ['#000000', '#1f5fd6', '#d62728', '#2ca02c', '#ff9f1c', '#9467bd'];

/** Outlines of a circle, a square and a triangle, in `pen` on `background`, as fallback examples. */
function drawnExample(index: number, size: number, pen: string, background: string, width: number): HTMLCanvasElement {
  const example = canvas(size);
  const c = example.getContext('2d')!;
  c.fillStyle = background;
  c.fillRect(0, 0, size, size);
  c.strokeStyle = pen;
  c.lineWidth = width;
  c.beginPath();
  if (index === 0) c.arc(size / 2, size / 2, size * 0.3, 0, 2 * Math.PI);
  else if (index === 1) c.rect(size * 0.22, size * 0.22, size * 0.56, size * 0.56);
  else {
    c.moveTo(size / 2, size * 0.18);
    c.lineTo(size * 0.82, size * 0.8);
    c.lineTo(size * 0.18, size * 0.8);
    c.closePath();
  }
  c.stroke();
  return example;
}

export async function drawPanel(model: LoadedExport, onError: (error: unknown) => void): Promise<HTMLElement> {
  const { manifest, facts } = model;
  const input = manifest.input as ImageInput;
  const style = input.draw ?? { background: '#ffffff', pen: '#000000', penWidth: Math.max(1, Math.round(input.size / 32)) };
  const generator = model.models.generator!;
  const section = panel(
    'draw',
    `Help you draw: ${manifest.architecture} ${model.name}`,
    `Draw an outline on the left (or pick an example); the generator turns the sketch into an image as you draw (${input.size}x${input.size}, trained on ${manifest.data.source}).`,
  );
  section.dataset.model = model.name;

  const side = input.size * zoom;
  const sketch = canvas(side, side, { class: 'sketch' });
  const output = canvas(input.size * input.scale, input.size * input.scale, { class: 'translation' });
  const context = sketch.getContext('2d', { willReadFrequently: true })!;
  const blank = () => {
    context.fillStyle = style.background;
    context.fillRect(0, 0, side, side);
  };
  blank();

  // ---- tools --------------------------------------------------------------------------------------
  let tool: 'pen' | 'eraser' = 'pen';
  let colour = style.pen;
  const toolButton = (name: 'pen' | 'eraser') => el('button', { type: 'button', name, 'aria-pressed': String(tool === name) }, name);
  const penButton = toolButton('pen');
  const eraserButton = toolButton('eraser');
  const pick = (name: 'pen' | 'eraser') => {
    tool = name;
    penButton.setAttribute('aria-pressed', String(name === 'pen'));
    eraserButton.setAttribute('aria-pressed', String(name === 'eraser'));
  };
  penButton.addEventListener('click', () => pick('pen'));
  eraserButton.addEventListener('click', () => pick('eraser'));
  const colours = [...new Set([style.pen, ...palette])];
  const swatches = colours.map((value) => {
    const swatch = el('button', { type: 'button', class: 'swatch', title: value, 'aria-label': `pen colour ${value}`, 'aria-pressed': String(value === colour), style: `background:${value}` });
    swatch.addEventListener('click', () => {
      colour = value;
      pick('pen');
      swatches.forEach((other) => other.setAttribute('aria-pressed', String(other === swatch)));
    });
    return swatch;
  });
  const width = el('input', { type: 'range', min: 1, max: Math.max(4, style.penWidth * 4), step: 1, value: style.penWidth, name: 'pen-width' });
  const undoButton = el('button', { type: 'button', name: 'undo' }, 'undo');
  const clearButton = el('button', { type: 'button', name: 'clear' }, 'clear');

  // ---- translation --------------------------------------------------------------------------------
  /** When the oldest stroke not yet shown was drawn (performance.now()), for the latency figure. */
  let pendingSince: number | undefined;
  const translate = latest(() => rendering(section, async () => {
    const since = pendingSince;
    pendingSince = undefined;
    const x = pixelsToTensor(sketch, input.size, input.channels, input.range);
    const y = tf.tidy(() => generator.predict(x) as tf.Tensor4D);
    await showImages(output, y, manifest.output.range);
    tf.dispose([x, y]);
    // Stroke to image on screen, in ms: scripts/bench-draw.mjs reads it.
    if (since !== undefined) section.dataset.strokeMs = (performance.now() - since).toFixed(1);
  }), onError);
  const changed = () => {
    pendingSince ??= performance.now();
    void translate();
  };

  const history: ImageData[] = [];
  const remember = () => {
    history.push(context.getImageData(0, 0, side, side));
    if (history.length > undoDepth) history.shift();
  };
  undoButton.addEventListener('click', () => {
    const previous = history.pop();
    if (previous === undefined) return;
    context.putImageData(previous, 0, 0);
    changed();
  });
  clearButton.addEventListener('click', () => {
    remember();
    blank();
    changed();
  });

  // ---- drawing ------------------------------------------------------------------------------------
  /** Pointer position in sketch pixels. */
  const at = (event: PointerEvent): [number, number] => {
    const box = sketch.getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * side, ((event.clientY - box.top) / box.height) * side];
  };
  let last: [number, number] | undefined;
  const segment = (from: [number, number], to: [number, number]) => {
    context.strokeStyle = tool === 'eraser' ? style.background : colour;
    context.lineWidth = Number(width.value) * zoom * (tool === 'eraser' ? 3 : 1);
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(...from);
    context.lineTo(...to);
    context.stroke();
  };
  sketch.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    sketch.setPointerCapture(event.pointerId);
    remember();
    last = at(event);
    segment(last, last); // a tap draws a dot
    changed();
  });
  sketch.addEventListener('pointermove', (event) => {
    if (last === undefined) return;
    const point = at(event);
    segment(last, point);
    last = point;
    changed();
  });
  const lift = () => {
    if (last !== undefined) changed();
    last = undefined;
  };
  sketch.addEventListener('pointerup', lift);
  sketch.addEventListener('pointercancel', lift);

  // ---- examples -----------------------------------------------------------------------------------
  const sources: HTMLCanvasElement[] = facts?.examples?.length
    ? await Promise.all(facts.examples.map((path) => exampleImage(new URL(path, model.folder))))
    : [0, 1, 2].map((i) => drawnExample(i, input.size, style.pen, style.background, style.penWidth));
  const sketchOf = (source: HTMLCanvasElement) => {
    context.imageSmoothingEnabled = true;
    context.drawImage(source, 0, 0, side, side);
  };
  const examples = sources.map((source, i) => {
    const button = el('button', { type: 'button', class: 'example', name: `example-${i}`, title: `example sketch ${i + 1}` }, source);
    button.addEventListener('click', () => {
      remember();
      sketchOf(source);
      changed();
    });
    return button;
  });
  // Start from the first example, so the panel shows what the model does before anyone draws.
  if (sources[0] !== undefined) sketchOf(sources[0]);

  section.append(
    el('div', { class: 'controls tools' }, penButton, eraserButton, ...swatches, el('label', {}, 'width ', width), undoButton, clearButton),
    el('div', { class: 'row' }, figure(sketch, 'your sketch (mouse, pen or touch)'), figure(output, 'the generator\'s image')),
    el('div', { class: 'controls examples' }, 'examples: ', ...examples),
  );
  await translate();
  return section;
}
