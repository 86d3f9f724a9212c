/**
 * The built page (dist/, from `vite build`) in Debian's Chromium, headless, served from 127.0.0.1.
 * It serves the shipped exports (the trained DCGAN) plus a random-weight export of every other
 * panel kind (test/fixtures.ts), and drives each panel. No request may leave localhost.
 */
import { access, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type ExportManifest } from '@ganforge/core';
import { encodePng } from '@ganforge/core/image';
import { writeFixtureExports } from './fixtures.js';
import { serveStatic, type StaticServer } from './server.js';

const demo = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(demo, 'dist');
const docsScreenshot = join(demo, '..', '..', 'docs', 'images', 'demo.png');
const chromiumPath = '/usr/bin/chromium';
const backendNames = ['webgpu', 'webgl', 'wasm', 'cpu'];

let temp: string;
let server: StaticServer;
let browser: Browser;
let page: Page;
/** Every request that was not for 127.0.0.1 or localhost (each was aborted). */
const outside: string[] = [];
/** Uncaught errors in the page. */
const pageErrors: string[] = [];

interface CanvasPixels {
  /**
   * Standard deviation of the luminance, 0..255: 0 for a blank canvas. Trained digits spread
   * over 20; the random-weight fixtures only need to be more than flat (over 1).
   */
  spread: number;
  /** Mean luminance, 0..255: the share of ink on an MNIST digit's black background. */
  mean: number;
  /** The pixels as a PNG data URL, for equality. */
  png: string;
}

const pixels = (canvas: Locator): Promise<CanvasPixels> =>
  canvas.evaluate((element: HTMLCanvasElement) => {
    const { data } = element.getContext('2d')!.getImageData(0, 0, element.width, element.height);
    const luminance: number[] = [];
    for (let i = 0; i < data.length; i += 4) luminance.push(0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!);
    const mean = luminance.reduce((a, b) => a + b, 0) / luminance.length;
    const spread = Math.sqrt(luminance.reduce((a, b) => a + (b - mean) ** 2, 0) / luminance.length);
    return { spread, mean, png: element.toDataURL() };
  });

/** Runs `action` and waits until the panel has finished at least one more render. */
async function rerender(panel: Locator, action: () => Promise<void>): Promise<void> {
  const before = Number(await panel.getAttribute('data-renders'));
  await action();
  const done = () => panel.evaluate((element: HTMLElement, count: number) => Number(element.dataset.renders) > count && element.dataset.ready === 'true', before);
  await expect.poll(done, { timeout: 60_000, interval: 100 }).toBe(true);
}

/** A 48x48 RGB PNG: a red disc on a blue-to-green gradient. */
async function testPng(): Promise<Buffer> {
  const size = 48;
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const disc = (x - 30) ** 2 + (y - 20) ** 2 < 100;
      data.set(disc ? [220, 30, 30] : [0, (x / size) * 255, (y / size) * 255], (y * size + x) * 3);
    }
  }
  return Buffer.from(encodePng({ width: size, height: size, channels: 3, data }));
}

beforeAll(async () => {
  await access(join(dist, 'index.html')).catch(() => {
    throw new Error(`${dist} has no index.html; build the page first: pnpm --filter demo build (turbo does it before test)`);
  });
  await access(chromiumPath).catch(() => {
    throw new Error(`${chromiumPath} is missing; install Debian's chromium: apt-get install -y chromium`);
  });
  await initBackend({ backend: 'wasm', threads: 1 });
  // The shipped exports plus a random-weight export of every other panel kind.
  temp = await mkdtemp(join(tmpdir(), 'ganforge-demo-'));
  const site = join(temp, 'site');
  const fixtures = await writeFixtureExports(site);
  const shipped = JSON.parse(await readFile(join(dist, 'models', 'index.json'), 'utf8')) as { models: { name: string; manifest: ExportManifest }[] };
  expect(shipped.models.map((m) => m.name)).toEqual(['cgan-mnist', 'dcgan-mnist']);
  await writeFile(join(site, 'models', 'index.json'), JSON.stringify({ models: [...shipped.models, ...fixtures] }));
  server = await serveStatic([site, dist]);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    headless: true,
  });
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  await page.waitForSelector('body[data-started]');
  // Every panel has drawn once.
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.panel')].every((p) => p.dataset.ready === 'true'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(temp, { recursive: true, force: true });
});

describe('the demo page in Chromium', () => {
  it('starts, names the backend it fell back to, and shows one panel per export plus the toy', async () => {
    expect(await page.getAttribute('body', 'data-started')).toBe('true');
    expect(backendNames).toContain((await page.textContent('#backend'))!.trim());
    expect(await page.isHidden('#errors')).toBe(true);
    const panels = await page.locator('.panel').evaluateAll((sections) => sections.map((s) => `${(s as HTMLElement).dataset.panel} ${(s as HTMLElement).dataset.model ?? ''}`.trim()));
    expect(panels).toEqual([
      'class cgan-mnist',
      'noise dcgan-mnist',
      'draw fixture-pix2pix',
      'cycle fixture-cyclegan',
      'superres fixture-srgan',
      'style fixture-stylegan',
      'toy',
    ]);
  });

  it('DCGAN: the same seed gives the same samples, and the walk slider moves between two digits', async () => {
    const dcgan = page.locator('[data-panel=noise][data-model=dcgan-mnist]');
    const grid = dcgan.locator('canvas.samples');
    const seed = dcgan.locator('input[name=seed]');
    const seed1 = await pixels(grid);
    expect(seed1.spread).toBeGreaterThan(20);
    await rerender(dcgan, () => seed.fill('5').then(() => seed.dispatchEvent('change')));
    expect((await pixels(grid)).png).not.toBe(seed1.png);
    await rerender(dcgan, () => seed.fill('1').then(() => seed.dispatchEvent('change')));
    expect((await pixels(grid)).png).toBe(seed1.png);

    const frame = dcgan.locator('canvas.walk-frame');
    const start = await pixels(frame);
    expect(start.spread).toBeGreaterThan(20);
    await rerender(dcgan, () => dcgan.locator('input[name=walk]').fill('1'));
    const end = await pixels(frame);
    expect(end.spread).toBeGreaterThan(20);
    expect(end.png).not.toBe(start.png);
    expect((await pixels(dcgan.locator('canvas.walk-strip'))).spread).toBeGreaterThan(20);
  });

  it('cGAN (shipped, trained on MNIST): the picked class sets the digits; a 1 takes less ink than a 0 or an 8', async () => {
    const cgan = page.locator('[data-panel=class][data-model=cgan-mnist]');
    const samples = cgan.locator('canvas.class-samples');
    const pick = (label: string) => rerender(cgan, () => cgan.locator('select[name=class]').selectOption(label).then(() => undefined));
    expect((await pixels(cgan.locator('canvas.every-class'))).spread).toBeGreaterThan(20);
    const ink: Record<string, number> = {};
    for (const digit of ['1', '0', '8']) {
      await pick(digit);
      const drawn = await pixels(samples);
      expect(drawn.spread).toBeGreaterThan(20);
      ink[digit] = drawn.mean;
    }
    expect(ink['1']!).toBeLessThan(0.75 * ink['0']!);
    expect(ink['1']!).toBeLessThan(0.75 * ink['8']!);
    const eight = (await pixels(samples)).png;
    await pick('7');
    expect((await pixels(samples)).png).not.toBe(eight);
  });

  it('pix2pix: drawing on the sketch changes the translation', async () => {
    const pix2pix = page.locator('[data-panel=draw][data-model=fixture-pix2pix]');
    const sketch = pix2pix.locator('canvas.sketch');
    const translation = pix2pix.locator('canvas.translation');
    const blank = await pixels(translation);
    await sketch.scrollIntoViewIfNeeded();
    const box = (await sketch.boundingBox())!;
    await rerender(pix2pix, async () => {
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5, { steps: 8 });
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.8, { steps: 8 });
      await page.mouse.up();
    });
    expect((await pixels(sketch)).spread).toBeGreaterThan(1);
    const drawn = await pixels(translation);
    expect(drawn.spread).toBeGreaterThan(1);
    expect(drawn.png).not.toBe(blank.png);
  });

  it('CycleGAN: both directions are drawn, and an upload changes A -> B', async () => {
    const cycle = page.locator('[data-panel=cycle][data-model=fixture-cyclegan]');
    const forward = cycle.locator('[data-direction=a-to-b] canvas').nth(1);
    const example = await pixels(forward);
    for (const canvas of await cycle.locator('canvas').all()) expect((await pixels(canvas)).spread).toBeGreaterThan(1);
    const png = await testPng();
    await rerender(cycle, () => cycle.locator('input[name=upload-a]').setInputFiles({ name: 'a.png', mimeType: 'image/png', buffer: png }));
    expect((await pixels(forward)).png).not.toBe(example.png);
  });

  it('SRGAN: input, bicubic, generator and original are drawn, and an upload changes them', async () => {
    const superres = page.locator('[data-panel=superres][data-model=fixture-srgan]');
    const upscaled = superres.locator('canvas').nth(2);
    const before = await pixels(upscaled);
    for (const canvas of await superres.locator('canvas').all()) expect((await pixels(canvas)).spread).toBeGreaterThan(1);
    await rerender(superres, async () => superres.locator('input[name=upload]').setInputFiles({ name: 'b.png', mimeType: 'image/png', buffer: await testPng() }));
    expect((await pixels(upscaled)).png).not.toBe(before.png);
  });

  it('StyleGAN: truncation ψ = 0 maps every seed to the average style, so every cell shows the same image', async () => {
    const style = page.locator('[data-panel=style][data-model=fixture-stylegan]');
    const mixing = style.locator('canvas.mixing');
    const mixed = await pixels(mixing);
    expect(mixed.spread).toBeGreaterThan(1);
    await rerender(style, () => style.locator('input[name=truncation]').fill('0'));
    const worst = await mixing.evaluate((element: HTMLCanvasElement) => {
      // 4x4 cells with 1 px gaps, at the images' own resolution; every style cell (all but the corner) against cell (0, 1).
      const cell = (element.width + 1) / 4;
      const context = element.getContext('2d')!;
      const read = (row: number, column: number) => Array.from(context.getImageData(column * cell, row * cell, cell - 1, cell - 1).data);
      const first = read(0, 1);
      let largest = 0;
      for (let i = 1; i < 16; i++) {
        const other = read(Math.floor(i / 4), i % 4);
        largest = Math.max(largest, ...other.map((v, j) => Math.abs(v - first[j]!)));
      }
      return largest;
    });
    expect(worst).toBeLessThanOrEqual(2);
    expect((await pixels(mixing)).png).not.toBe(mixed.png);
  });

  it('toy: the plot of points over D\'s surface changes as the GAN trains', async () => {
    const toy = page.locator('[data-panel=toy]');
    const plot = toy.locator('canvas.toy-plot');
    const untrained = await pixels(plot);
    expect(untrained.spread).toBeGreaterThan(1);
    await rerender(toy, () => toy.locator('button[name=step]').click());
    expect(Number(await toy.getAttribute('data-step'))).toBeGreaterThan(0);
    expect((await pixels(plot)).png).not.toBe(untrained.png);
  });

  it('takes a screenshot of the shipped panels, with no page error and no request outside localhost', async () => {
    // The random-weight fixtures are for testing only: hide them for the picture.
    await page.locator('.panel[data-model^=fixture-]').evaluateAll((sections) => sections.forEach((s) => ((s as HTMLElement).style.display = 'none')));
    await page.evaluate(() => window.scrollTo(0, 0));
    const screenshot = join(temp, 'demo.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    // docs/images/demo.png: written when missing (delete it, or set GANFORGE_DEMO_SCREENSHOT=1, to refresh).
    const refresh = process.env.GANFORGE_DEMO_SCREENSHOT === '1' || !(await access(docsScreenshot).then(() => true, () => false));
    if (refresh) {
      // A picture worth keeping: the toy GAN some way into training.
      const toy = page.locator('[data-panel=toy]');
      while (Number(await toy.getAttribute('data-step')) < 300) await rerender(toy, () => toy.locator('button[name=step]').click());
      await page.screenshot({ path: screenshot, fullPage: true });
      await mkdir(dirname(docsScreenshot), { recursive: true });
      await copyFile(screenshot, docsScreenshot);
    }
    expect(pageErrors).toEqual([]);
    expect(outside).toEqual([]);
  });
});
