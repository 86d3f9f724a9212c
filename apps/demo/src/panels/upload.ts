/**
 * Image-to-image exports driven by an uploaded picture: CycleGAN (translate both ways, with the
 * round trip back) and SRGAN (upscale beside bicubic). Until a picture is chosen they show a
 * drawn example scene, so the panel renders something at once.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExportInput } from '@ganforge/core';
import { bicubicResize } from '@ganforge/core/image';
import { centreSquare, pixelsToTensor, showImages } from '../images.js';
import type { LoadedExport } from '../models.js';
import { canvas, el, figure, labelled, latest, panel, rendering } from '../ui.js';

type ImageInput = Extract<ExportInput, { kind: 'image' }>;

/** A small drawn scene (sky, sun, hills, a house) to translate before anything is uploaded. */
export function exampleScene(size: number, variant: 0 | 1): HTMLCanvasElement {
  const scene = canvas(size, size);
  const c = scene.getContext('2d')!;
  const sky = c.createLinearGradient(0, 0, 0, size);
  sky.addColorStop(0, variant === 0 ? '#4a90d9' : '#f2a65a');
  sky.addColorStop(1, variant === 0 ? '#cfe8ff' : '#fce3c0');
  c.fillStyle = sky;
  c.fillRect(0, 0, size, size);
  c.fillStyle = variant === 0 ? '#ffd23f' : '#fff4d6';
  c.beginPath();
  c.arc(size * 0.75, size * 0.25, size * 0.1, 0, 2 * Math.PI);
  c.fill();
  c.fillStyle = variant === 0 ? '#3c8d2f' : '#7a5c3e';
  c.beginPath();
  c.moveTo(0, size * 0.7);
  c.quadraticCurveTo(size * 0.3, size * 0.5, size * 0.6, size * 0.7);
  c.quadraticCurveTo(size * 0.8, size * 0.6, size, size * 0.68);
  c.lineTo(size, size);
  c.lineTo(0, size);
  c.fill();
  c.fillStyle = '#b5533c';
  c.fillRect(size * 0.2, size * 0.55, size * 0.2, size * 0.18);
  c.fillStyle = '#5b2a1f';
  c.beginPath();
  c.moveTo(size * 0.17, size * 0.56);
  c.lineTo(size * 0.3, size * 0.45);
  c.lineTo(size * 0.43, size * 0.56);
  c.fill();
  return scene;
}

/** Reads an uploaded file as a centre-square canvas. */
async function fileImage(file: File): Promise<HTMLCanvasElement> {
  const bitmap = await createImageBitmap(file);
  const square = centreSquare(bitmap);
  bitmap.close();
  return square;
}

const fileInput = (name: string) => el('input', { type: 'file', accept: 'image/*', name });

/** CycleGAN: A -> B and B -> A, each with its round trip (the cycle-consistency the loss trains). */
export async function cyclePanel(model: LoadedExport, onError: (error: unknown) => void): Promise<HTMLElement> {
  const { manifest } = model;
  const input = manifest.input as ImageInput;
  const section = panel(
    'cycle',
    `${manifest.architecture}: ${model.name}`,
    `Upload a picture of either domain and translate it (${input.size}x${input.size}, trained ${manifest.step} steps on ${manifest.data.source}); the third image translates it back.`,
  );
  section.dataset.model = model.name;

  const direction = (label: string, forward: tf.LayersModel, backward: tf.LayersModel, variant: 0 | 1) => {
    const upload = fileInput(`upload-${label}`);
    const shown = [canvas(input.size), canvas(input.size), canvas(input.size)];
    let source: HTMLCanvasElement = exampleScene(input.size, variant);
    const [from, to] = label === 'a' ? ['A', 'B'] : ['B', 'A'];
    const run = latest(() => rendering(section, async () => {
      const x = pixelsToTensor(source, input.size, input.channels, input.range);
      const y = tf.tidy(() => forward.predict(x) as tf.Tensor4D);
      const back = tf.tidy(() => backward.predict(y) as tf.Tensor4D);
      await showImages(shown[0]!, x, input.range ?? [-1, 1]);
      await showImages(shown[1]!, y, manifest.output.range);
      await showImages(shown[2]!, back, input.range ?? [-1, 1]);
      tf.dispose([x, y, back]);
    }), onError);
    upload.addEventListener('change', () => {
      const file = upload.files?.[0];
      if (file === undefined) return;
      void fileImage(file).then((image) => {
        source = image;
        return run();
      }, onError);
    });
    const block = el(
      'div',
      { class: 'direction', 'data-direction': label === 'a' ? 'a-to-b' : 'b-to-a' },
      el('div', { class: 'controls' }, labelled(`picture of ${from}`, upload)),
      el('div', { class: 'row' }, figure(shown[0]!, from), figure(shown[1]!, `${from} -> ${to}`), figure(shown[2]!, `back to ${from}`)),
    );
    return { block, run };
  };
  const ab = direction('a', model.models.generator!, model.models.reverse!, 0);
  const ba = direction('b', model.models.reverse!, model.models.generator!, 1);
  section.append(ab.block, ba.block);
  await Promise.all([ab.run(), ba.run()]);
  return section;
}

/**
 * SRGAN: the picture shrunk by bicubic downsampling (how SR benchmarks make their inputs, core's
 * bicubicResize), then enlarged again by bicubic interpolation and by the generator, beside the
 * original.
 */
export async function superResolutionPanel(model: LoadedExport, onError: (error: unknown) => void): Promise<HTMLElement> {
  const { manifest } = model;
  const input = manifest.input as ImageInput;
  const { size, scale } = input;
  const range = input.range ?? [-1, 1];
  const high = size * scale;
  const section = panel(
    'superres',
    `${manifest.architecture}: ${model.name}`,
    `Upload a picture: its centre is shrunk to ${size}x${size} and enlarged ${scale}x again, by bicubic interpolation and by the generator (trained ${manifest.step} steps on ${manifest.data.source}).`,
  );
  section.dataset.model = model.name;
  const generator = model.models.generator!;
  const upload = fileInput('upload');
  const [low, bicubic, generated, original] = [canvas(high), canvas(high), canvas(high), canvas(high)];
  let source: HTMLCanvasElement = exampleScene(high, 0);

  const run = latest(() => rendering(section, async () => {
    const [x, lr, up, sr] = tf.tidy(() => {
      const reference = pixelsToTensor(source, high, input.channels, range); // [1, S·scale, S·scale, C]
      const small = tf.clipByValue(bicubicResize(reference, [size, size]), range[0], range[1]) as tf.Tensor4D; // [1, S, S, C]
      const enlarged = tf.clipByValue(bicubicResize(small, [high, high]), range[0], range[1]) as tf.Tensor4D;
      return [reference, small, enlarged, generator.predict(small) as tf.Tensor4D];
    });
    await showImages(low, lr, range);
    await showImages(bicubic, up, range);
    await showImages(generated, sr, manifest.output.range);
    await showImages(original, x, range);
    tf.dispose([x, lr, up, sr]);
  }), onError);
  upload.addEventListener('change', () => {
    const file = upload.files?.[0];
    if (file === undefined) return;
    void fileImage(file).then((image) => {
      source = image;
      return run();
    }, onError);
  });
  section.append(
    el('div', { class: 'controls' }, labelled('picture', upload)),
    el('div', { class: 'row' }, figure(low, `input ${size}x${size}`), figure(bicubic, `bicubic ${scale}x`), figure(generated, `${manifest.architecture} ${scale}x`), figure(original, 'original')),
  );
  await run();
  return section;
}
