#!/usr/bin/env node
/* global console, document */
/**
 * One screenshot per panel of the built page (dist/) into docs/images/demo-<panel>.png, on wasm in
 * headless Chromium: the pix2pix panel after an example sketch, the toy GAN after 300 steps.
 *
 *   pnpm --filter demo build && node apps/demo/scripts/screenshots.mjs [--backend webgpu]
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { preview } from 'vite';
import { launchChromium } from './chromium.mjs';

const demo = join(dirname(fileURLToPath(import.meta.url)), '..');
const images = join(demo, '..', '..', 'docs', 'images');
const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' } } });

const server = await preview({ root: demo, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${server.resolvedUrls.local[0]}?backend=${values.backend}`);
  await page.waitForSelector('body[data-started]', { timeout: 300_000 });
  const ready = () => page.waitForFunction(() => [...document.querySelectorAll('.panel')].every((p) => p.dataset.ready === 'true'), undefined, { timeout: 300_000 });
  await ready();
  const draw = page.locator('[data-panel=draw]').first();
  if ((await draw.count()) > 0) {
    await draw.locator('button[name=example-1]').click();
    await ready();
  }
  const toy = page.locator('[data-panel=toy]');
  for (let i = 0; i < 30; i++) {
    const before = Number(await toy.getAttribute('data-renders'));
    await toy.locator('button[name=step]').click();
    await page.waitForFunction((count) => Number(document.querySelector('[data-panel=toy]').dataset.renders) > count, before);
  }
  await ready();
  await mkdir(images, { recursive: true });
  for (const panel of await page.locator('.panel').all()) {
    const name = (await panel.getAttribute('data-model')) ?? (await panel.getAttribute('data-panel'));
    const path = join(images, `demo-${name}.png`);
    await panel.screenshot({ path });
    console.log(`wrote ${path}`);
  }
} finally {
  await browser.close();
  await server.close();
}
