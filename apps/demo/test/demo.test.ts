/**
 * The built page (dist/, from `vite build`) in Debian's Chromium, headless, served from 127.0.0.1,
 * twice: once on wasm and once on webgpu (SwiftShader, scripts/chromium.mjs). It serves the shipped
 * exports, a random-weight export of any panel kind nothing ships for (test/fixtures.ts) and two
 * broken export folders, and drives each panel. No request may leave localhost.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type ExportManifest } from '@ganforge/core';
import { encodePng } from '@ganforge/core/image';
import { launchChromium } from '../scripts/chromium.mjs';
import { fixturePanels, writeBrokenExports, writeFixtureExports } from './fixtures.js';
import { serveStatic, type StaticServer } from './server.js';

const demo = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(demo, 'dist');

/**
 * wasm and webgpu must agree on the same seeds to within this many 8-bit levels at any pixel of
 * any panel's first image (both compute in float32; SwiftShader's and XNNPACK's sums round
 * differently, and tanh outputs near ±1 differ most).
 */
const backendTolerance = 8;

let temp: string;
let server: StaticServer;
let browser: Browser;
/** The page on each backend, by name. */
const pages: Record<'wasm' | 'webgpu', Page> = {} as Record<'wasm' | 'webgpu', Page>;
/** Every request that was not for 127.0.0.1 or localhost (each was aborted). */
const outside: string[] = [];
/** Uncaught errors in the pages. */
const pageErrors: string[] = [];
/** Panel kind -> export names served, in the order the page should show them. */
let expectedPanels: string[];
/** Shipped export names by panel kind. */
const shippedByPanel: Record<string, string[]> = {};

interface CanvasPixels {
  /** Standard deviation of the luminance, 0..255: 0 for a blank canvas. */
  spread: number;
  /** Mean luminance, 0..255. */
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

/** A canvas's RGBA bytes. */
const rgba = (canvas: Locator): Promise<number[]> =>
  canvas.evaluate((element: HTMLCanvasElement) => Array.from(element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data));

/** Runs `action` and waits until the panel has finished at least one more render. */
async function rerender(panel: Locator, action: () => Promise<void>): Promise<void> {
  const before = Number(await panel.getAttribute('data-renders'));
  await action();
  const done = () => panel.evaluate((element: HTMLElement, count: number) => Number(element.dataset.renders) > count && element.dataset.ready === 'true', before);
  await expect.poll(done, { timeout: 60_000, interval: 50 }).toBe(true);
}

/** A PNG: a red disc on a blue-to-green gradient, `width` x `height`. */
function testPng(width = 48, height = 48): Buffer {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const disc = (x - 30) ** 2 + (y - 20) ** 2 < 100;
      data.set(disc ? [220, 30, 30] : [0, (x / width) * 255, (y / height) * 255], (y * width + x) * 3);
    }
  }
  return Buffer.from(encodePng({ width, height, channels: 3, data }));
}

/** The panel kind the page shows for an export (main.ts's panelFor). */
function panelKind(manifest: ExportManifest): string {
  const { input } = manifest;
  if (input.kind !== 'image') return input.kind;
  if (input.scale > 1) return 'superres';
  return manifest.models.reverse === undefined ? 'draw' : 'cycle';
}

/**
 * How long a page may take to show every panel: on webgpu, SwiftShader compiles each panel's
 * shaders on the CPU (48 s alone on the 2-core machine, 2026-12-05), and under `pnpm test`, beside
 * the CLI's tests, it took over 120 s (CI's failure of stop 32). Within the shared 600 s hook timeout.
 */
const pageStartTimeout = 400_000;

async function openPage(backend: 'wasm' | 'webgpu'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${backend}: ${error.message}`));
  await page.goto(`${server.url}?backend=${backend}`);
  const deadline = Date.now() + pageStartTimeout;
  await page.waitForSelector('body[data-started]', { timeout: pageStartTimeout });
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.panel')].every((p) => p.dataset.ready === 'true'), undefined, { timeout: Math.max(deadline - Date.now(), 1) });
  return page;
}

beforeAll(async () => {
  await readFile(join(dist, 'index.html')).catch(() => {
    throw new Error(`${dist} has no index.html; build the page first: pnpm --filter demo build (turbo does it before test)`);
  });
  await initBackend({ backend: 'wasm', threads: 1 });
  temp = await mkdtemp(join(tmpdir(), 'ganforge-demo-'));
  const site = join(temp, 'site');
  const shipped = (JSON.parse(await readFile(join(dist, 'models', 'index.json'), 'utf8')) as { models: { name: string }[] }).models.map((m) => m.name);
  for (const name of shipped) {
    const manifest = JSON.parse(await readFile(join(dist, 'models', name, 'ganforge.json'), 'utf8')) as ExportManifest;
    (shippedByPanel[panelKind(manifest)] ??= []).push(name);
  }
  // A random-weight export for every image/style panel kind nothing ships for.
  const missing = Object.entries(fixturePanels).filter(([, panel]) => shippedByPanel[panel] === undefined).map(([name]) => name);
  const fixtures = await writeFixtureExports(site, missing);
  for (const fixture of fixtures) (shippedByPanel[fixturePanels[fixture.name]!] ??= []).push(fixture.name);
  const broken = await writeBrokenExports(site);
  const names = [...shipped, ...fixtures.map((f) => f.name), ...broken];
  await writeFile(join(site, 'models', 'index.json'), JSON.stringify({ models: names.map((name) => ({ name })) }));
  expectedPanels = [
    ...['draw', 'style', 'cycle', 'superres', 'noise', 'class'].flatMap((kind) => (shippedByPanel[kind] ?? []).map((name) => `${kind} ${name}`)),
    ...broken.map((name) => `broken ${name}`),
    'toy',
  ];
  server = await serveStatic([site, dist]);
  browser = await launchChromium();
  [pages.wasm, pages.webgpu] = await Promise.all([openPage('wasm'), openPage('webgpu')]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

/** Each panel kind's main output canvas. */
const outputs: Record<string, string> = {
  draw: 'canvas.translation',
  style: 'canvas.mixing',
  cycle: '[data-direction=a-to-b] .row figure:nth-child(2) canvas',
  superres: '.row figure:nth-child(3) canvas',
  noise: 'canvas.samples',
  class: 'canvas.class-samples',
};

const panelOf = (page: Page, kind: string) => page.locator(`[data-panel=${kind}][data-model=${shippedByPanel[kind]![0]!}]`);

describe('the demo page in Chromium', () => {
  it('names the backend that ran (wasm, and webgpu when asked) and shows "help you draw" first, one panel per export, broken ones with a message', async () => {
    for (const [backend, page] of Object.entries(pages)) {
      expect(await page.getAttribute('body', 'data-started')).toBe('true');
      expect((await page.textContent('#backend'))!.trim()).toBe(backend);
      expect(await page.isHidden('#errors')).toBe(true);
      const panels = await page.locator('.panel').evaluateAll((sections) => sections.map((s) => `${(s as HTMLElement).dataset.panel} ${(s as HTMLElement).dataset.model ?? ''}`.trim()));
      expect(panels).toEqual(expectedPanels);
    }
    const page = pages.wasm;
    expect(await page.locator('[data-model=broken-no-manifest] .message').textContent()).toMatch(/models\/broken-no-manifest\/ganforge\.json is missing/);
    expect(await page.locator('[data-model=broken-mismatch] .message').textContent()).toMatch(/ganforge\.json does not match the generator network: it says input \[64, 64, 3\], the network has \[32, 32, 3\]/);
    expect(await page.locator('[data-model=broken-mismatch]').isVisible()).toBe(true);
  });

  it('every panel of a shipped export states family, preset, steps and the measured quality figure from its demo.json', async () => {
    const page = pages.wasm;
    const shipped = Object.values(shippedByPanel).flat().filter((name) => !name.startsWith('fixture-'));
    for (const name of shipped) {
      const facts = JSON.parse(await readFile(join(dist, 'models', name, 'demo.json'), 'utf8')) as { family: string; preset: string; steps: number; quality: { value: number }[] };
      const line = page.locator(`.panel[data-model=${name}] .facts`);
      expect(await line.getAttribute('data-family')).toBe(facts.family);
      expect(await line.getAttribute('data-preset')).toBe(facts.preset);
      expect(Number(await line.getAttribute('data-steps'))).toBe(facts.steps);
      expect(Number(await line.getAttribute('data-quality'))).toBe(facts.quality[0]!.value);
      expect(await line.textContent()).toContain(`preset ${facts.preset}`);
    }
  });

  it('every panel draws non-blank images on both backends, and wasm and webgpu agree on the same seeds', async () => {
    const report: string[] = [];
    for (const kind of ['draw', 'style', 'cycle', 'superres', 'noise', 'class']) {
      for (const name of shippedByPanel[kind] ?? []) {
        const selector = `[data-panel=${kind}][data-model=${name}] canvas:not(.sketch)`;
        for (const page of Object.values(pages)) {
          for (const canvas of await page.locator(selector).all()) expect((await pixels(canvas)).spread, `${name} ${selector}`).toBeGreaterThan(1);
        }
        // The panel's main output, on the same inputs and seeds.
        const output = `[data-panel=${kind}][data-model=${name}] ${outputs[kind]}`;
        const [a, b] = await Promise.all(Object.values(pages).map((page) => rgba(page.locator(output).first())));
        const largest = a!.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b![i]!)), 0);
        report.push(`${name} ${largest}`);
        expect(a!.length).toBe(b!.length);
        expect(largest, `${name}: largest wasm/webgpu difference in 8-bit levels`).toBeLessThanOrEqual(backendTolerance);
      }
    }
    console.log(`wasm vs webgpu, largest difference per panel (8-bit levels): ${report.join(', ')}`);
  });

  it('DCGAN/ProGAN: the same seed gives the same samples, and the walk slider moves', async () => {
    const noise = panelOf(pages.wasm, 'noise');
    const grid = noise.locator('canvas.samples');
    const seed = noise.locator('input[name=seed]');
    const seed1 = await pixels(grid);
    await rerender(noise, () => seed.fill('5').then(() => seed.dispatchEvent('change')));
    expect((await pixels(grid)).png).not.toBe(seed1.png);
    await rerender(noise, () => seed.fill('1').then(() => seed.dispatchEvent('change')));
    expect((await pixels(grid)).png).toBe(seed1.png);
    const frame = noise.locator('canvas.walk-frame');
    const start = await pixels(frame);
    await rerender(noise, () => noise.locator('input[name=walk]').fill('1'));
    expect((await pixels(frame)).png).not.toBe(start.png);
  });

  it('cGAN (shipped, trained on MNIST): the picked class sets the digits; a 1 takes less ink than a 0 or an 8', async () => {
    const cgan = pages.wasm.locator('[data-panel=class][data-model=cgan-mnist]');
    const samples = cgan.locator('canvas.class-samples');
    const pick = (label: string) => rerender(cgan, () => cgan.locator('select[name=class]').selectOption(label).then(() => undefined));
    const ink: Record<string, number> = {};
    for (const digit of ['1', '0', '8']) {
      await pick(digit);
      ink[digit] = (await pixels(samples)).mean;
    }
    expect(ink['1']!).toBeLessThan(0.75 * ink['0']!);
    expect(ink['1']!).toBeLessThan(0.75 * ink['8']!);
  });

  it('pix2pix: a closed outline drawn with the mouse fills in: inside it, the output differs from the empty canvas\'s', async () => {
    const page = pages.wasm;
    const draw = panelOf(page, 'draw');
    const sketch = draw.locator('canvas.sketch');
    const translation = draw.locator('canvas.translation');
    await rerender(draw, () => draw.locator('button[name=clear]').click());
    const empty = await rgba(translation);
    await draw.locator('.swatch').nth(1).click(); // a coloured pen, as the edges2shapes outlines
    await sketch.scrollIntoViewIfNeeded();
    const box = (await sketch.boundingBox())!;
    // A square outline over 25%..75% of the canvas.
    const corners = [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75], [0.25, 0.25]] as const;
    await rerender(draw, async () => {
      await page.mouse.move(box.x + box.width * corners[0][0], box.y + box.height * corners[0][1]);
      await page.mouse.down();
      for (const [x, y] of corners.slice(1)) await page.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 6 });
      await page.mouse.up();
    });
    const drawn = await rgba(translation);
    const side = Math.sqrt(drawn.length / 4);
    // Mean |difference| over the inside of the outline (35%..65%: clear of the stroke itself).
    let sum = 0;
    let count = 0;
    for (let y = Math.ceil(side * 0.35); y < Math.floor(side * 0.65); y++) {
      for (let x = Math.ceil(side * 0.35); x < Math.floor(side * 0.65); x++) {
        for (let c = 0; c < 3; c++) sum += Math.abs(drawn[(y * side + x) * 4 + c]! - empty[(y * side + x) * 4 + c]!);
        count += 3;
      }
    }
    expect(sum / count, 'mean difference inside the outline, 8-bit levels').toBeGreaterThan(40);
    // Undo takes the stroke away again.
    await rerender(draw, () => draw.locator('button[name=undo]').click());
    expect(await rgba(translation)).toEqual(empty);
  });

  it('CycleGAN: an example scene of each domain is translated and brought back', async () => {
    const cycle = panelOf(pages.wasm, 'cycle');
    for (const direction of ['a-to-b', 'b-to-a']) {
      const [source, translated, back] = await Promise.all([0, 1, 2].map((i) => pixels(cycle.locator(`[data-direction=${direction}] .row canvas`).nth(i))));
      expect(translated!.png).not.toBe(source!.png);
      expect(back!.spread).toBeGreaterThan(1);
    }
  });

  it('SRGAN: on the shipped held-out test picture the generator beats bicubic in PSNR', async () => {
    const superres = panelOf(pages.wasm, 'superres');
    const figures = superres.locator('.row canvas');
    const [bicubic, generated, original] = await Promise.all([1, 2, 3].map((i) => rgba(figures.nth(i))));
    const psnr = (x: number[]) => {
      let sum = 0;
      for (let i = 0; i < x.length; i += 4) {
        const luma = (d: number[]) => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
        sum += (luma(x) - luma(original!)) ** 2;
      }
      return 10 * Math.log10((255 * 255) / (sum / (x.length / 4)));
    };
    expect(psnr(generated!), `PSNR of the generator vs bicubic's ${psnr(bicubic!).toFixed(2)} dB`).toBeGreaterThan(psnr(bicubic!));
  });

  it('uploads that are not an image or over 4096 px a side get a message in the panel, which keeps its images', async () => {
    const superres = panelOf(pages.wasm, 'superres');
    const figures = superres.locator('.row canvas');
    const upload = superres.locator('input[name=upload]');
    const message = superres.locator('.message');
    expect(await message.isHidden()).toBe(true);
    await upload.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    await expect.poll(() => message.textContent()).toMatch(/notes\.txt is not an image/);
    expect(await message.isVisible()).toBe(true);
    await upload.setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: testPng(4100, 8) });
    await expect.poll(() => message.textContent()).toMatch(/wide\.png is 4100x8 pixels; the demo takes pictures up to 4096 pixels a side/);
    // The panel still shows its last good output.
    expect((await pixels(figures.nth(2))).spread).toBeGreaterThan(1);
    await rerender(superres, () => upload.setInputFiles({ name: 'b.png', mimeType: 'image/png', buffer: testPng() }));
    expect(await message.isHidden()).toBe(true);
  });

  it('StyleGAN: the mixing grid changes with the layer range, and ψ = 0 turns every cell into the average style', async () => {
    const style = panelOf(pages.wasm, 'style');
    const mixing = style.locator('canvas.mixing');
    const before = await pixels(mixing);
    const from = style.locator('input[name=layers-from]');
    await rerender(style, () => from.fill('0').then(() => from.dispatchEvent('change')));
    expect((await pixels(mixing)).png).not.toBe(before.png);
    expect((await pixels(style.locator('canvas.walk-strip'))).spread).toBeGreaterThan(1);
    await rerender(style, () => style.locator('input[name=truncation]').fill('0'));
    const worst = await mixing.evaluate((element: HTMLCanvasElement) => {
      // 4x4 cells with 1 px gaps; every style cell (all but the corner) against cell (0, 1).
      const cell = (element.width + 1) / 4;
      const context = element.getContext('2d')!;
      const read = (row: number, column: number) => Array.from(context.getImageData(column * cell, row * cell, cell - 1, cell - 1).data);
      const first = read(0, 1);
      let largest = 0;
      for (let i = 1; i < 16; i++) largest = Math.max(largest, ...read(Math.floor(i / 4), i % 4).map((v, j) => Math.abs(v - first[j]!)));
      return largest;
    });
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('toy: the plot changes as the GAN trains; no page error and no request outside localhost', async () => {
    const toy = pages.wasm.locator('[data-panel=toy]');
    const plot = toy.locator('canvas.toy-plot');
    const untrained = await pixels(plot);
    await rerender(toy, () => toy.locator('button[name=step]').click());
    expect((await pixels(plot)).png).not.toBe(untrained.png);
    expect(pageErrors).toEqual([]);
    expect(outside).toEqual([]);
  });
});
