/**
 * pix2pix (an `image` export with a `draw` style): sketch on the left, the generator translates
 * as you draw ("a GAN can help you draw"). Each stroke segment schedules a translation; segments
 * drawn while one runs collapse into the next.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExportInput } from '@ganforge/core';
import { pixelsToTensor, showImages } from '../images.js';
import type { LoadedExport } from '../models.js';
import { canvas, el, figure, latest, panel, rendering } from '../ui.js';

type ImageInput = Extract<ExportInput, { kind: 'image' }>;

export async function drawPanel(model: LoadedExport, onError: (error: unknown) => void): Promise<HTMLElement> {
  const { manifest } = model;
  const input = manifest.input as ImageInput;
  const style = input.draw ?? { background: '#ffffff', pen: '#000000', penWidth: Math.max(1, Math.round(input.size / 128)) };
  const generator = model.models.generator!;
  const section = panel(
    'draw',
    `${manifest.architecture}: ${model.name}`,
    `Draw on the left; the generator turns the sketch into an image as you draw (${input.size}x${input.size}, trained ${manifest.step} steps on ${manifest.data.source}).`,
  );
  section.dataset.model = model.name;

  const sketch = canvas(input.size, input.size, { class: 'sketch' });
  const output = canvas(input.size * input.scale, input.size * input.scale, { class: 'translation' });
  const clear = el('button', { type: 'button' }, 'clear');
  const pen = el('input', { type: 'range', min: 1, max: Math.max(4, style.penWidth * 4), step: 1, value: style.penWidth, name: 'pen' });
  const context = sketch.getContext('2d')!;
  const blank = () => {
    context.fillStyle = style.background;
    context.fillRect(0, 0, sketch.width, sketch.height);
  };
  blank();

  const translate = latest(() => rendering(section, async () => {
    const x = pixelsToTensor(sketch, input.size, input.channels, input.range);
    const y = tf.tidy(() => generator.predict(x) as tf.Tensor4D);
    await showImages(output, y, manifest.output.range);
    tf.dispose([x, y]);
  }), onError);

  // Pointer position in sketch pixels.
  const at = (event: PointerEvent): [number, number] => {
    const box = sketch.getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * sketch.width, ((event.clientY - box.top) / box.height) * sketch.height];
  };
  let last: [number, number] | undefined;
  sketch.addEventListener('pointerdown', (event) => {
    sketch.setPointerCapture(event.pointerId);
    last = at(event);
  });
  sketch.addEventListener('pointermove', (event) => {
    if (last === undefined) return;
    const point = at(event);
    context.strokeStyle = style.pen;
    context.lineWidth = Number(pen.value);
    context.lineCap = 'round';
    context.beginPath();
    context.moveTo(...last);
    context.lineTo(...point);
    context.stroke();
    last = point;
    void translate();
  });
  const lift = () => {
    if (last !== undefined) void translate();
    last = undefined;
  };
  sketch.addEventListener('pointerup', lift);
  sketch.addEventListener('pointercancel', lift);
  clear.addEventListener('click', () => {
    blank();
    void translate();
  });

  section.append(
    el('div', { class: 'controls' }, clear, el('label', {}, 'pen ', pen)),
    el('div', { class: 'row' }, figure(sketch, 'your sketch'), figure(output, 'the generator\'s image')),
  );
  await translate();
  return section;
}
