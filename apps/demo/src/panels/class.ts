/** cGAN (a `class` export): pick a class, see 8 samples of it; the same seed keeps the same z across classes. */
import * as tf from '@tensorflow/tfjs';
import type { ExportInput } from '@ganforge/core';
import { showImages } from '../images.js';
import { classCodes } from '../latent.js';
import type { LoadedExport } from '../models.js';
import { canvas, el, figure, labelled, latest, panel, rendering } from '../ui.js';

export async function classPanel(model: LoadedExport, onError: (error: unknown) => void): Promise<HTMLElement> {
  const { manifest } = model;
  const { latentDim, numClasses } = manifest.input as Extract<ExportInput, { kind: 'class' }>;
  const names = Array.from({ length: numClasses }, (_, i) => manifest.data.classNames[i] ?? String(i));
  const generator = model.models.generator!;
  const section = panel(
    'class',
    `Conditional ${manifest.architecture}: ${model.name}`,
    `Pick a class: 8 samples of it from one seed (the same noise for every class), trained ${manifest.step} steps on ${manifest.data.source}.`,
  );
  section.dataset.model = model.name;

  const picker = el('select', { name: 'class' }, ...names.map((name, i) => el('option', { value: i }, name)));
  const seed = el('input', { type: 'number', value: 1, min: 1, step: 1, name: 'seed' });
  const samples = canvas(8 * 56, 56, { class: 'class-samples' });
  const everyClass = canvas(numClasses * 40, 40, { class: 'every-class' });

  const draw = latest(() => rendering(section, async () => {
    const picked = Number(picker.value);
    const images = tf.tidy(() => generator.predict(classCodes(Array(8).fill(picked), latentDim, numClasses, Number(seed.value))) as tf.Tensor4D);
    await showImages(samples, images, manifest.output.range, 8);
    images.dispose();
  }), onError);
  const drawEveryClass = latest(() => rendering(section, async () => {
    // One code per class from the same seed: the first z of the seed, each class in turn.
    const codes = tf.tidy(() => {
      const z = tf.slice(classCodes([0], latentDim, numClasses, Number(seed.value)), [0, 0], [1, latentDim]);
      return tf.concat([tf.tile(z, [numClasses, 1]), tf.oneHot(tf.range(0, numClasses, 1, 'int32'), numClasses)], 1);
    });
    const images = tf.tidy(() => generator.predict(codes) as tf.Tensor4D);
    await showImages(everyClass, images, manifest.output.range, numClasses);
    tf.dispose([codes, images]);
  }), onError);

  picker.addEventListener('change', () => void draw());
  seed.addEventListener('change', () => void Promise.all([draw(), drawEveryClass()]));
  section.append(
    el('div', { class: 'controls' }, labelled('class', picker), labelled('seed', seed)),
    figure(samples, '8 samples of the picked class'),
    figure(everyClass, `one noise code, every class: ${names.join(' ')}`),
  );
  await Promise.all([draw(), drawEveryClass()]);
  return section;
}
