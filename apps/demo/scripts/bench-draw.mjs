#!/usr/bin/env node
/* global console, document */
/**
 * Stroke-to-image latency of the "help you draw" panel in headless Chromium: draws `--strokes`
 * stroke segments with the mouse on the built page (dist/) and reads, after each, the panel's
 * data-stroke-ms (pointer event to translated image on the canvas: sketch -> tensor, the pix2pix
 * generator, image back to the canvas). Prints the median, 90th percentile and worst.
 *
 *   pnpm --filter demo build && node apps/demo/scripts/bench-draw.mjs [--backend wasm] [--strokes 40]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { preview } from 'vite';
import { launchChromium } from './chromium.mjs';

const demo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, strokes: { type: 'string', default: '40' } } });

const server = await preview({ root: demo, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${server.resolvedUrls.local[0]}?backend=${values.backend}`);
  await page.waitForSelector('body[data-started]', { timeout: 300_000 });
  await page.waitForFunction(() => [...document.querySelectorAll('.panel')].every((p) => p.dataset.ready === 'true'), undefined, { timeout: 300_000 });
  const backend = await page.textContent('#backend');
  const draw = page.locator('[data-panel=draw]').first();
  const sketch = draw.locator('canvas.sketch');
  await sketch.scrollIntoViewIfNeeded();
  const box = await sketch.boundingBox();
  const times = [];
  for (let i = 0; i < Number(values.strokes); i++) {
    const before = Number(await draw.getAttribute('data-renders'));
    const angle = (i / Number(values.strokes)) * 2 * Math.PI;
    const [x, y] = [box.x + box.width * (0.5 + 0.3 * Math.cos(angle)), box.y + box.height * (0.5 + 0.3 * Math.sin(angle))];
    // One stroke: press, one segment, lift.
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + box.width * 0.1, y + box.height * 0.05);
    await page.mouse.up();
    await page.waitForFunction((count) => {
      const panel = document.querySelector('[data-panel=draw]');
      return Number(panel.dataset.renders) > count && panel.dataset.ready === 'true';
    }, before);
    times.push(Number(await draw.getAttribute('data-stroke-ms')));
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(`backend ${backend}: ${times.length} strokes, stroke to image median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, worst ${times.at(-1).toFixed(1)} ms`);
} finally {
  await browser.close();
  await server.close();
}
