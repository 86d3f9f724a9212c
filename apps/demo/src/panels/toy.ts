/**
 * A toy GAN trained live in the page (GAN Lab's idea, Kahng et al. 2019): @ganforge/toy's
 * networks and train step on a ring or grid of Gaussians. The plot shows real points (blue),
 * generated points (orange, the same latent codes every frame, so you watch them move) and D's
 * decision surface σ(D(x)) behind them: blue where D says real, orange where it says fake.
 */
import * as tf from '@tensorflow/tfjs';
import type { Networks } from '@ganforge/core';
import { createOptimizers } from '@ganforge/core/optim';
import { seededContext } from '@ganforge/core/train';
import { decisionSurface, defaults, distribution, distributionNames, generatePoints, sampleDistribution, toy, type ToyConfig } from '@ganforge/toy';
import { canvas, el, figure, labelled, panel, rendering } from '../ui.js';

/**
 * Smaller and faster-learning than PacGAN's networks (4x400 G, 3x200 maxout D, lr 1e-4), so the
 * rings form in a minute on one browser thread rather than after thousands of steps.
 */
export const demoToyConfig = (name: ToyConfig['distribution']): ToyConfig => ({
  ...defaults,
  distribution: name,
  gLayers: 3,
  gUnits: 128,
  dLayers: 2,
  dUnits: 128,
  lrG: 1e-3,
  lrD: 1e-3,
  beta1: 0.5,
  batchSize: 64,
});

const plotted = 512;
const surfaceResolution = 48;
const real = [31, 119, 180] as const;
const generated = [255, 127, 14] as const;
/** Steps between redraws while training runs. */
const stepsPerFrame = 5;

export function toyPanel(onError: (error: unknown) => void): HTMLElement {
  const section = panel(
    'toy',
    'Toy GAN, trained live',
    'A 2-D GAN learning a mixture of Gaussians in this page (@ganforge/toy, PacGAN2 packing). ' +
      'Blue dots are real samples, orange dots are the generator\'s; the background is the discriminator\'s verdict, blue for "real", orange for "fake".',
  );
  const picker = el('select', { name: 'distribution' }, ...distributionNames.map((name) => el('option', { value: name }, name)));
  const play = el('button', { type: 'button', name: 'play' }, 'train');
  const stepButton = el('button', { type: 'button', name: 'step' }, `+${stepsPerFrame * 2} steps`);
  const reset = el('button', { type: 'button', name: 'reset' }, 'reset');
  const status = el('output', { class: 'toy-status' }, 'step 0');
  const plot = canvas(400, 400, { class: 'toy-plot' });

  let config = demoToyConfig('ring8');
  let nets: Networks;
  let optimizers: ReturnType<typeof createOptimizers>;
  let step = 0;
  let playing = false;
  let busy: Promise<void> = Promise.resolve();

  const setUp = () => {
    if (nets !== undefined) {
      optimizers.generator.dispose();
      optimizers.discriminator.dispose();
      Object.values(nets).forEach((net) => net.dispose());
    }
    config = demoToyConfig(picker.value as ToyConfig['distribution']);
    nets = toy.build(config, 0);
    optimizers = createOptimizers(nets, config);
    step = 0;
  };

  const train = async (count: number) => {
    let metrics = { dLoss: NaN, gLoss: NaN };
    for (let i = 0; i < count; i++) {
      const ctx = seededContext({
        config,
        nets,
        optimizers,
        step,
        nextBatch: () => {
          throw new Error('the toy step draws its own real points');
        },
      }, 0);
      metrics = await toy.trainStep(ctx);
      step += 1;
    }
    section.dataset.step = String(step);
    status.textContent = count === 0 ? `step ${step}` : `step ${step} · D loss ${metrics.dLoss.toFixed(3)} · G loss ${metrics.gLoss.toFixed(3)}`;
  };

  const draw = () => rendering(section, async () => {
    const dist = distribution(config.distribution);
    const [low, high] = dist.window;
    const surface = await decisionSurface(nets.discriminator, config, { resolution: surfaceResolution });
    const realPoints = sampleDistribution(dist, plotted, 1);
    const fakePoints = generatePoints(nets.generator, config, plotted, 2);
    const [realXY, fakeXY] = [await realPoints.data(), await fakePoints.data()];
    tf.dispose([realPoints, fakePoints]);

    const tint = new Uint8ClampedArray(surfaceResolution * surfaceResolution * 4);
    surface.values.forEach((p, i) => {
      // p = σ(D(x)): 1 -> light blue, 0 -> light orange, through white.
      const toward = p >= 0.5 ? real : generated;
      const strength = Math.abs(p - 0.5) * 2 * 0.45;
      for (let c = 0; c < 3; c++) tint[i * 4 + c] = 255 + (toward[c]! - 255) * strength;
      tint[i * 4 + 3] = 255;
    });
    const surfaceCanvas = canvas(surfaceResolution);
    surfaceCanvas.getContext('2d')!.putImageData(new ImageData(tint, surfaceResolution, surfaceResolution), 0, 0);
    const context = plot.getContext('2d')!;
    context.imageSmoothingEnabled = true;
    context.drawImage(surfaceCanvas, 0, 0, plot.width, plot.height);
    const toPixel = (x: number, y: number): [number, number] => [((x - low) / (high - low)) * plot.width, ((high - y) / (high - low)) * plot.height];
    const dots = (xy: Float32Array | Int32Array | Uint8Array, [r, g, b]: readonly [number, number, number]) => {
      context.fillStyle = `rgba(${r}, ${g}, ${b}, 0.6)`;
      for (let i = 0; i < xy.length; i += 2) {
        const [px, py] = toPixel(xy[i]!, xy[i + 1]!);
        context.beginPath();
        context.arc(px, py, 2, 0, 2 * Math.PI);
        context.fill();
      }
    };
    dots(realXY, real);
    dots(fakeXY, generated);
  });

  /** Runs `work` after whatever runs now (train and draw never overlap). */
  const queue = (work: () => Promise<void>) => {
    busy = busy.then(work).catch(onError);
    return busy;
  };
  const loop = () => {
    if (!playing) return;
    void queue(async () => {
      await train(stepsPerFrame);
      await draw();
    }).then(() => requestAnimationFrame(loop));
  };

  play.addEventListener('click', () => {
    playing = !playing;
    play.textContent = playing ? 'pause' : 'train';
    loop();
  });
  stepButton.addEventListener('click', () => void queue(async () => {
    await train(stepsPerFrame * 2);
    await draw();
  }));
  const restart = () => void queue(async () => {
    setUp();
    await train(0);
    await draw();
  });
  reset.addEventListener('click', restart);
  picker.addEventListener('change', restart);

  section.append(
    el('div', { class: 'controls' }, labelled('target', picker), play, stepButton, reset, status),
    figure(plot, 'real (blue) and generated (orange) points over D\'s decision surface'),
  );
  restart();
  return section;
}
