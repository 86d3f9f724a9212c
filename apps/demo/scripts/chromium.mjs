/* global process */
/**
 * Debian's Chromium, headless, for the browser test and the scripts (screenshots, stroke latency).
 * WebGPU runs on SwiftShader, Chromium's own Vulkan driver on the CPU: with Chromium 156 here
 * `--enable-unsafe-webgpu` alone gives a SwiftShader adapter to pages on http://127.0.0.1;
 * `--use-webgpu-adapter=swiftshader` and VK_ICD_FILENAMES name it explicitly, so a machine with a
 * GPU gets the same adapter as CI. A page picks it only when asked (`?backend=webgpu`).
 */
import { chromium } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
export const swiftShaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

export const chromiumArgs = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Chromium with WebGPU on SwiftShader. */
export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
    headless: true,
    env: { ...process.env, VK_ICD_FILENAMES: swiftShaderIcd, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
  });
}
