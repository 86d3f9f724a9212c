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
import { canvas, el, figure, labelled, latest, messageLine, panel, rendering } from '../ui.js';

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

/** The largest side an upload may have, in pixels. */
export const maxUploadSide = 4096;

/**
 * Reads an uploaded file as a centre-square canvas. Throws a message for the page when the file is
 * not an image, does not decode, or is over maxUploadSide pixels a side.
 */
export async function fileImage(file: File): Promise<HTMLCanvasElement> {
  if (file.type !== '' && !file.type.startsWith('image/')) throw new Error(`${file.name} is not an image (${file.type}); pick a PNG, JPEG, GIF or WebP file`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`${file.name} could not be read as an image; pick a PNG, JPEG, GIF or WebP file`);
  }
  try {
    if (bitmap.width > maxUploadSide || bitmap.height > maxUploadSide) {
      throw new Error(`${file.name} is ${bitmap.width}x${bitmap.height} pixels; the demo takes pictures up to ${maxUploadSide} pixels a side`);
    }
    return centreSquare(bitmap);
  } finally {
    bitmap.close();
  }
}

/** An image file of an export folder (its shipped examples) as a canvas. */
export async function exampleImage(url: URL): Promise<HTMLCanvasElement> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname} is missing (HTTP ${response.status})`);
  const bitmap = await createImageBitmap(await response.blob());
  const image = canvas(bitmap.width, bitmap.height);
  image.getContext('2d')!.drawImage(bitmap, 0, 0);
  bitmap.close();
  return image;
}

const fileInput = (name: string) => el('input', { type: 'file', accept: 'image/*', name });

/** Wires a file input: a good picture goes to `use`, a bad one to the panel's message line. */
function onUpload(upload: HTMLInputElement, message: ReturnType<typeof messageLine>, use: (image: HTMLCanvasElement) => Promise<void>, onError: (error: unknown) => void): void {
  upload.addEventListener('change', () => {
    const file = upload.files?.[0];
    if (file === undefined) return;
    void fileImage(file).then(
      (image) => {
        message.clear();
        return use(image);
      },
      (error: unknown) => {
        message.say(error instanceof Error ? error.message : String(error));
        upload.value = '';
      },
    ).catch(onError);
  });
}

/** Peak signal-to-noise ratio (dB) of two same-size canvases, on luma 0..255. */
export function psnr(a: HTMLCanvasElement, b: HTMLCanvasElement): number {
  const read = (c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
  const [x, y] = [read(a), read(b)];
  let sum = 0;
  for (let i = 0; i < x.length; i += 4) {
    const luma = (d: Uint8ClampedArray) => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
    sum += (luma(x) - luma(y)) ** 2;
  }
  return 10 * Math.log10((255 * 255) / (sum / (x.length / 4)));
}

/** CycleGAN: A -> B and B -> A, each with its round trip (the cycle-consistency the loss trains). */
export async function cyclePanel(model: LoadedExport, onError: (error: unknown) => void): Promise<HTMLElement> {
  const { manifest, facts } = model;
  const input = manifest.input as ImageInput;
  const section = panel(
    'cycle',
    `${manifest.architecture}: ${model.name}`,
    `Pick a scene of either domain (or upload a picture) and translate it (${input.size}x${input.size}, trained on ${manifest.data.source}); the third image translates it back.`,
  );
  section.dataset.model = model.name;
  const message = messageLine();
  // Shipped examples: examples/a-*.png are domain A (day), examples/b-*.png domain B (night).
  const shipped = await Promise.all((facts?.examples ?? []).map(async (path) => ({ path, image: await exampleImage(new URL(path, model.folder)) })));

  const direction = (label: 'a' | 'b', forward: tf.LayersModel, backward: tf.LayersModel, variant: 0 | 1) => {
    const upload = fileInput(`upload-${label}`);
    const shown = [canvas(input.size), canvas(input.size), canvas(input.size)];
    const mine = shipped.filter(({ path }) => path.split('/').at(-1)!.startsWith(`${label}-`)).map(({ image }) => image);
    let source: HTMLCanvasElement = mine[0] ?? exampleScene(input.size, variant);
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
    onUpload(upload, message, (image) => {
      source = image;
      return run();
    }, onError);
    const picks = mine.map((image, i) => {
      const button = el('button', { type: 'button', class: 'example', name: `example-${label}-${i}`, title: `example ${from} ${i + 1}` }, image);
      button.addEventListener('click', () => {
        source = image;
        message.clear();
        void run();
      });
      return button;
    });
    const block = el(
      'div',
      { class: 'direction', 'data-direction': label === 'a' ? 'a-to-b' : 'b-to-a' },
      el('div', { class: 'controls examples' }, `${from}: `, ...picks, labelled('or upload', upload)),
      el('div', { class: 'row' }, figure(shown[0]!, from), figure(shown[1]!, `${from} -> ${to}`), figure(shown[2]!, `back to ${from}`)),
    );
    return { block, run };
  };
  const ab = direction('a', model.models.generator!, model.models.reverse!, 0);
  const ba = direction('b', model.models.reverse!, model.models.generator!, 1);
  section.append(message.element, ab.block, ba.block);
  await Promise.all([ab.run(), ba.run()]);
  return section;
}

/**
 * SRGAN: the picture shrunk by bicubic downsampling (how SR benchmarks make their inputs, core's
 * bicubicResize), then enlarged again by bicubic interpolation and by the generator, beside the
 * original, with each one's PSNR against the original.
 */
export async function superResolutionPanel(model: LoadedExport, onError: (error: unknown) => void): Promise<HTMLElement> {
  const { manifest, facts } = model;
  const input = manifest.input as ImageInput;
  const generator = model.models.generator!;
  // A fully convolutional generator takes any size: feed 32 px (a 128 px picture), at least the manifest's.
  const free = generator.inputs[0]!.shape[1] === null;
  const size = free ? Math.max(input.size, 32) : input.size;
  const { scale } = input;
  const range = input.range ?? [-1, 1];
  const high = size * scale;
  const section = panel(
    'superres',
    `${manifest.architecture}: ${model.name}`,
    `Upload a picture: its centre is shrunk to ${size}x${size} and enlarged ${scale}x again, by bicubic interpolation and by the generator (trained on ${manifest.data.source}).`,
  );
  section.dataset.model = model.name;
  const message = messageLine();
  const upload = fileInput('upload');
  const [low, bicubic, generated, original] = [canvas(high), canvas(high), canvas(high), canvas(high)];
  const scores = el('p', { class: 'scores' });
  const shipped = await Promise.all((facts?.examples ?? []).map((path) => exampleImage(new URL(path, model.folder))));
  let source: HTMLCanvasElement = shipped[0] ?? exampleScene(high, 0);

  const run = latest(() => rendering(section, async () => {
    const [x, lr, up, sr] = tf.tidy(() => {
      const reference = pixelsToTensor(source, high, input.channels, range); // [1, S·scale, S·scale, C]
      const small = tf.clipByValue(bicubicResize(reference, [size, size]), range[0], range[1]) as tf.Tensor4D; // [1, S, S, C]
      const enlarged = tf.clipByValue(bicubicResize(small, [high, high]), range[0], range[1]) as tf.Tensor4D;
      return [reference, small, enlarged, tf.clipByValue(generator.predict(small) as tf.Tensor4D, range[0], range[1]) as tf.Tensor4D];
    });
    await showImages(low, lr, range);
    await showImages(bicubic, up, range);
    await showImages(generated, sr, manifest.output.range);
    await showImages(original, x, range);
    tf.dispose([x, lr, up, sr]);
    const [b, g] = [psnr(bicubic, original), psnr(generated, original)];
    scores.textContent = `PSNR against the original (luma): bicubic ${b.toFixed(2)} dB, ${manifest.architecture} ${g.toFixed(2)} dB (${g - b >= 0 ? '+' : ''}${(g - b).toFixed(2)} dB)`;
  }), onError);
  onUpload(upload, message, (image) => {
    source = image;
    return run();
  }, onError);
  const picks = shipped.map((image, i) => {
    const button = el('button', { type: 'button', class: 'example', name: `example-${i}`, title: `held-out test picture ${i + 1}` }, image);
    button.addEventListener('click', () => {
      source = image;
      message.clear();
      void run();
    });
    return button;
  });
  section.append(
    message.element,
    el('div', { class: 'controls examples' }, ...(picks.length > 0 ? ['test pictures: ', ...picks] : []), labelled('upload a picture', upload)),
    el('div', { class: 'row' }, figure(low, `input ${size}x${size}`), figure(bicubic, `bicubic ${scale}x`), figure(generated, `${manifest.architecture} ${scale}x`), figure(original, 'original')),
    scores,
  );
  await run();
  return section;
}
