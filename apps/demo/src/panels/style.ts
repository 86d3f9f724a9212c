/**
 * StyleGAN (a `style` export): the style-mixing grid of Karras et al. 2019 (fig. 3) and the
 * truncation trick. Row seeds give the coarse styles (w for the synthesis layers before the
 * crossover), column seeds the fine ones; ψ pulls every w toward the average w.
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

export async function stylePanel(model: LoadedExport, onError: (error: unknown) => void): Promise<HTMLElement> {
  const { manifest } = model;
  const { latentDim, wDim, numWs, wAvg } = manifest.input as StyleInput;
  const mapping = model.models.mapping!;
  const synthesis = model.models.synthesis!;
  const section = panel(
    'style',
    `${manifest.architecture}: ${model.name}`,
    `Style mixing: each cell takes its coarse styles (layers before the crossover) from its row's seed and the rest from its column's seed. ` +
      `ψ < 1 pulls every style toward the average (the truncation trick). Trained ${manifest.step} steps on ${manifest.data.source}.`,
  );
  section.dataset.model = model.name;

  const crossover = el('input', { type: 'range', min: 1, max: numWs - 1, step: 1, value: Math.max(1, Math.floor(numWs / 2)), name: 'crossover' });
  const psi = el('input', { type: 'range', min: 0, max: 1, step: 0.05, value: 1, name: 'truncation' });
  const psiText = el('output', {}, '1.00');
  const size = manifest.output.width;
  const cell = Math.max(64, size);
  const grid = canvas(cell * (columnSeeds.length + 1), cell * (rowSeeds.length + 1), { class: 'mixing' });

  /** Truncated w [count, wDim] of the codes of each seed (first code of each). */
  const styles = (seeds: number[], truncation: number): tf.Tensor2D =>
    tf.tidy(() => {
      const z = tf.concat(seeds.map((seed) => latentCodes(1, latentDim, seed)));
      const w = mapping.predict(z) as tf.Tensor2D; // [count, wDim]
      const average = tf.tensor2d(wAvg, [1, wDim]);
      return tf.add(average, tf.mul(tf.sub(w, average), truncation)) as tf.Tensor2D;
    });

  const draw = latest(() => rendering(section, async () => {
    const truncation = Number(psi.value);
    psiText.textContent = truncation.toFixed(2);
    const split = Number(crossover.value);
    const images = tf.tidy(() => {
      const rows = styles(rowSeeds, truncation); // [R, wDim]
      const columns = styles(columnSeeds, truncation); // [C, wDim]
      const broadcast = (w: tf.Tensor2D) => tf.tile(tf.expandDims(w, 1), [1, numWs, 1]) as tf.Tensor3D; // [n, numWs, wDim]
      const ws: tf.Tensor3D[] = [tf.zeros([1, numWs, wDim]), broadcast(columns), ...rowSeeds.map((_, r) => {
        const coarse = tf.tile(tf.slice(broadcast(rows), [r, 0, 0], [1, split, wDim]), [columnSeeds.length, 1, 1]);
        const fine = tf.slice(broadcast(columns), [0, split, 0], [columnSeeds.length, numWs - split, wDim]);
        return tf.concat([broadcast(tf.slice(rows, [r, 0], [1, wDim]) as tf.Tensor2D), tf.concat([coarse, fine], 1)]);
      })];
      const out = synthesis.predict(tf.concat(ws)) as tf.Tensor4D; // [(R+1)(C+1), H, W, C]
      // The top-left corner is not a style: blank it.
      const corner = tf.fill([1, ...out.shape.slice(1)] as [number, number, number, number], manifest.output.range[1]);
      return tf.concat([corner, tf.slice(out, [1, 0, 0, 0], [-1, -1, -1, -1])]) as tf.Tensor4D;
    });
    await showImages(grid, images, manifest.output.range, columnSeeds.length + 1);
    images.dispose();
  }), onError);

  crossover.addEventListener('input', () => void draw());
  psi.addEventListener('input', () => void draw());
  section.append(
    el('div', { class: 'controls' }, labelled('crossover layer', crossover), labelled('truncation ψ', psi), psiText),
    figure(grid, `rows: seeds ${rowSeeds.join(', ')} (coarse styles); columns: seeds ${columnSeeds.join(', ')} (fine styles)`),
  );
  await draw();
  return section;
}
