/**
 * DCGAN (any `noise` export: DCGAN, ProGAN): a 4x4 grid of samples from a seed, and a latent walk
 * between two seeds on a slider, with the walk's 8 frames beneath.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExportInput } from '@ganforge/core';
import { showImages } from '../images.js';
import { latentCodes, slerp } from '../latent.js';
import type { LoadedExport } from '../models.js';
import { canvas, el, figure, labelled, latest, panel, rendering } from '../ui.js';

export async function noisePanel(model: LoadedExport, onError: (error: unknown) => void): Promise<HTMLElement> {
  const { manifest } = model;
  const { latentDim } = manifest.input as Extract<ExportInput, { kind: 'noise' }>;
  const generator = model.models.generator!;
  const range = manifest.output.range;
  const section = panel(
    'noise',
    `${manifest.architecture.toUpperCase()}: ${model.name}`,
    `Samples from noise, ${manifest.output.width}x${manifest.output.height}, trained ${manifest.step} steps on ${manifest.data.source}. A seed gives the same images as `,
    el('code', {}, 'ganforge sample --seed <n> --count 16'),
    '.',
  );
  section.dataset.model = model.name;

  const seed = el('input', { type: 'number', value: 1, min: 1, step: 1, name: 'seed' });
  const next = el('button', { type: 'button' }, 'next seed');
  const grid = canvas(336, 336, { class: 'samples' });
  const from = el('input', { type: 'number', value: 1, min: 1, step: 1, name: 'from-seed' });
  const to = el('input', { type: 'number', value: 2, min: 1, step: 1, name: 'to-seed' });
  const walk = el('input', { type: 'range', min: 0, max: 1, step: 0.01, value: 0, name: 'walk' });
  const frame = canvas(224, 224, { class: 'walk-frame' });
  const strip = canvas(8 * 56, 56, { class: 'walk-strip' });

  const drawGrid = latest(() => rendering(section, async () => {
    const images = tf.tidy(() => generator.predict(latentCodes(16, latentDim, Number(seed.value))) as tf.Tensor4D);
    await showImages(grid, images, range, 4);
    images.dispose();
  }), onError);

  const ends = async (): Promise<[Float32Array, Float32Array]> => {
    const a = latentCodes(1, latentDim, Number(from.value));
    const b = latentCodes(1, latentDim, Number(to.value));
    const values = [(await a.data()) as Float32Array, (await b.data()) as Float32Array] as [Float32Array, Float32Array];
    tf.dispose([a, b]);
    return values;
  };
  const drawFrame = latest(() => rendering(section, async () => {
    const [a, b] = await ends();
    const image = tf.tidy(() => generator.predict(slerp(a, b, Number(walk.value))) as tf.Tensor4D);
    await showImages(frame, image, range);
    image.dispose();
  }), onError);
  const drawStrip = latest(() => rendering(section, async () => {
    const [a, b] = await ends();
    const images = tf.tidy(() => generator.predict(tf.concat(Array.from({ length: 8 }, (_, i) => slerp(a, b, i / 7)))) as tf.Tensor4D);
    await showImages(strip, images, range, 8);
    images.dispose();
  }), onError);

  /**
   * The first render: grid, frame and strip in one batch of 25. On WebGPU every new batch size
   * compiles the network's shaders again (seconds each on SwiftShader); later renders change one part.
   */
  const drawAll = () => rendering(section, async () => {
    const [a, b] = await ends();
    const images = tf.tidy(() => {
      const codes = tf.concat([
        latentCodes(16, latentDim, Number(seed.value)),
        slerp(a, b, Number(walk.value)),
        ...Array.from({ length: 8 }, (_, i) => slerp(a, b, i / 7)),
      ]);
      return generator.predict(codes) as tf.Tensor4D; // [25, H, W, C]
    });
    const [gridImages, frameImage, stripImages] = tf.split(images, [16, 1, 8]) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    await showImages(grid, gridImages, range, 4);
    await showImages(frame, frameImage, range);
    await showImages(strip, stripImages, range, 8);
    tf.dispose([images, gridImages, frameImage, stripImages]);
  });

  seed.addEventListener('change', () => void drawGrid());
  next.addEventListener('click', () => {
    seed.value = String(Number(seed.value) + 1);
    void drawGrid();
  });
  walk.addEventListener('input', () => void drawFrame());
  for (const input of [from, to]) input.addEventListener('change', () => void Promise.all([drawFrame(), drawStrip()]));

  section.append(
    el('div', { class: 'controls' }, labelled('seed', seed), next),
    figure(grid, '16 samples of one seed'),
    el('div', { class: 'controls' }, labelled('walk from seed', from), labelled('to seed', to), labelled('t', walk)),
    el('div', { class: 'row' }, figure(frame, 'the code at t'), figure(strip, 'the walk in 8 frames (ganforge interpolate)')),
  );
  await drawAll();
  return section;
}
