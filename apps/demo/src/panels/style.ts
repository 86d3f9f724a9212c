/**
 * StyleGAN (a `style` export): the style-mixing grid of Karras et al. 2019 (fig. 3), the truncation
 * trick and a walk in w. Cell (r, c) takes the w inputs of layers `from`..`to` from column seed c
 * and the rest from row seed r (`ganforge mix --layers from-to`); ψ pulls every w toward the
 * average w; the walk moves linearly in w from one seed's style to another's.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExportInput } from '@ganforge/core';
import { showImages } from '../images.js';
import { latentCodes } from '../latent.js';
import type { LoadedExport } from '../models.js';
import { canvas, el, figure, labelled, latest, panel, rendering } from '../ui.js';

type StyleInput = Extract<ExportInput, { kind: 'style' }>;

const rowSeeds = [1, 2, 3];
const columnSeeds = [4, 5, 6];
/** Frames of the w-space walk strip. */
const walkFrames = 8;

export async function stylePanel(model: LoadedExport, onError: (error: unknown) => void): Promise<HTMLElement> {
  const { manifest } = model;
  const { latentDim, wDim, numWs, wAvg } = manifest.input as StyleInput;
  const mapping = model.models.mapping!;
  const synthesis = model.models.synthesis!;
  const section = panel(
    'style',
    `${manifest.architecture}: ${model.name}`,
    `Style mixing: each cell takes the styles of layers from..to (0 is the coarsest, ${numWs - 1} the finest) from its column's seed and the rest from its row's seed. ` +
      `ψ < 1 pulls every style toward the average (the truncation trick). The walk moves in w from one seed's style to another's.`,
  );
  section.dataset.model = model.name;

  const half = Math.floor(numWs / 2);
  const from = el('input', { type: 'number', min: 0, max: numWs - 1, step: 1, value: half, name: 'layers-from' });
  const to = el('input', { type: 'number', min: 0, max: numWs - 1, step: 1, value: numWs - 1, name: 'layers-to' });
  const psi = el('input', { type: 'range', min: 0, max: 1, step: 0.05, value: 1, name: 'truncation' });
  const psiText = el('output', {}, '1.00');
  const grid = canvas(64, 64, { class: 'mixing' });
  const walkFrom = el('input', { type: 'number', value: 1, min: 1, step: 1, name: 'walk-from' });
  const walkTo = el('input', { type: 'number', value: 2, min: 1, step: 1, name: 'walk-to' });
  const walkStrip = canvas(64, 64, { class: 'walk-strip' });

  /** Truncated w [count, wDim] of the first code of each seed. */
  const styles = (seeds: number[], truncation: number): tf.Tensor2D =>
    tf.tidy(() => {
      const z = tf.concat(seeds.map((seed) => latentCodes(1, latentDim, seed)));
      const w = mapping.predict(z) as tf.Tensor2D; // [count, wDim]
      const average = tf.tensor2d(wAvg, [1, wDim]);
      return tf.add(average, tf.mul(tf.sub(w, average), truncation)) as tf.Tensor2D;
    });
  /** One w for every layer: [n, wDim] -> [n, numWs, wDim]. */
  const broadcast = (w: tf.Tensor2D) => tf.tile(tf.expandDims(w, 1), [1, numWs, 1]) as tf.Tensor3D;
  /** The layer range the columns' styles take, clamped and ordered. */
  const range = (): [number, number] => {
    const clamp = (v: number) => Math.min(numWs - 1, Math.max(0, Math.round(Number.isFinite(v) ? v : 0)));
    const [a, b] = [clamp(Number(from.value)), clamp(Number(to.value))];
    return a <= b ? [a, b] : [b, a];
  };

  /** ws [16, numWs, wDim] of the mixing grid (the corner cell's are zeros). */
  const gridWs = (truncation: number): tf.Tensor3D =>
    tf.tidy(() => {
      const [first, last] = range();
      const rows = styles(rowSeeds, truncation); // [R, wDim]
      const columns = styles(columnSeeds, truncation); // [C, wDim]
      // 1 where a layer takes the column's style: [1, numWs, 1]
      const mask = tf.tensor3d(Array.from({ length: numWs }, (_, i) => (i >= first && i <= last ? 1 : 0)), [1, numWs, 1]);
      const ws: tf.Tensor3D[] = [tf.zeros([1, numWs, wDim]), broadcast(columns)];
      for (let r = 0; r < rowSeeds.length; r++) {
        const row = broadcast(tf.slice(rows, [r, 0], [1, wDim]) as tf.Tensor2D); // [1, numWs, wDim]
        const mixed = tf.add(tf.mul(broadcast(columns), mask), tf.mul(row, tf.sub(1, mask))) as tf.Tensor3D; // [C, numWs, wDim]
        ws.push(row, mixed);
      }
      return tf.concat(ws) as tf.Tensor3D;
    });
  /** ws [frames, numWs, wDim] of the walk: linear in w between the two seeds' styles. */
  const walkWs = (truncation: number): tf.Tensor3D =>
    tf.tidy(() => {
      const ends = styles([Number(walkFrom.value), Number(walkTo.value)], truncation); // [2, wDim]
      const [a, b] = [tf.slice(ends, [0, 0], [1, wDim]), tf.slice(ends, [1, 0], [1, wDim])];
      const t = tf.reshape(tf.linspace(0, 1, walkFrames), [walkFrames, 1]);
      return broadcast(tf.add(tf.mul(a, tf.sub(1, t)), tf.mul(b, t)) as tf.Tensor2D);
    });
  const cells = (columnSeeds.length + 1) * (rowSeeds.length + 1);
  /** Renders the grid, the walk or both (one batch: on WebGPU a new batch size compiles shaders again). */
  const render = async (parts: { grid: boolean; walk: boolean }) => {
    const truncation = Number(psi.value);
    psiText.textContent = truncation.toFixed(2);
    const images = tf.tidy(() => synthesis.predict(tf.concat([...(parts.grid ? [gridWs(truncation)] : []), ...(parts.walk ? [walkWs(truncation)] : [])])) as tf.Tensor4D);
    if (parts.grid) {
      const gridImages = tf.tidy(() => {
        const out = tf.slice(images, [0, 0, 0, 0], [cells, -1, -1, -1]);
        // The top-left corner is not a style: blank it.
        const corner = tf.fill([1, ...out.shape.slice(1)] as [number, number, number, number], manifest.output.range[1]);
        return tf.concat([corner, tf.slice(out, [1, 0, 0, 0], [-1, -1, -1, -1])]) as tf.Tensor4D;
      });
      await showImages(grid, gridImages, manifest.output.range, columnSeeds.length + 1);
      gridImages.dispose();
    }
    if (parts.walk) {
      const walkImages = tf.slice(images, [parts.grid ? cells : 0, 0, 0, 0], [walkFrames, -1, -1, -1]);
      await showImages(walkStrip, walkImages, manifest.output.range, walkFrames);
      walkImages.dispose();
    }
    images.dispose();
  };
  const draw = latest(() => rendering(section, () => render({ grid: true, walk: false })), onError);
  const drawWalk = latest(() => rendering(section, () => render({ grid: false, walk: true })), onError);
  const drawBoth = latest(() => rendering(section, () => render({ grid: true, walk: true })), onError);

  for (const control of [from, to]) control.addEventListener('change', () => void draw());
  psi.addEventListener('input', () => void drawBoth());
  for (const control of [walkFrom, walkTo]) control.addEventListener('change', () => void drawWalk());
  section.append(
    el('div', { class: 'controls' }, labelled('column styles on layers', from), labelled('to', to), labelled('truncation ψ', psi), psiText),
    figure(grid, `rows: seeds ${rowSeeds.join(', ')}; columns: seeds ${columnSeeds.join(', ')} (their styles on the chosen layers); the top row and left column are the seeds themselves`),
    el('div', { class: 'controls' }, labelled('w walk from seed', walkFrom), labelled('to seed', walkTo)),
    figure(walkStrip, `${walkFrames} steps along the straight line in w between the two seeds' styles`),
  );
  await drawBoth();
  return section;
}
