#!/usr/bin/env node
// Packaging test: what npm users get. Packs every publishable package with `pnpm pack` (which
// rewrites `workspace:` ranges), installs the tarballs with npm into scratch projects outside the
// workspace, and runs them from plain Node:
//   1. core + every architecture package in packages/ (+ tfjs and the wasm backend from the registry):
//      per family, `initBackend()` must pick wasm, the networks of its first preset produce output
//      through the family's own hook (generate, translate, upscale or sampleGrid) with the right
//      shape and no leaked tensors, and `tensorGrid` + `encodePng` write a PNG of the right size.
//   2. the CLI + dcgan (+ core, datasets, tensorboard, and `webgpu` with tfjs' webgpu backend from the
//      registry): `ganforge list` shows dcgan and no other family, and `ganforge train dcgan --backend
//      webgpu` trains two steps on SwiftShader (see @ganforge/swiftshader: it needs Debian's chromium
//      and libvulkan1, and fails saying so without them).
// One `npm install` per scratch project, from npm's cache where it can. Usage: pnpm test:pack
// (KEEP=1 keeps the scratch folders and prints where they are).
import { execFile as execFileCb } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { swiftShaderEnv } from '../swiftshader/index.js';

const execFile = promisify(execFileCb);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tfjsVersion = '4.22.0';
/** Dawn for Node, as core's devDependencies pin it. */
const webgpuVersion = '0.6.2';
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (message) => console.log(`[pack-test ${seconds()}] ${message}`);

/** npm in a scratch folder must not see pnpm's settings (pnpm exports its config as npm_config_*). */
const npmEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^npm_(config|package|lifecycle)_/i.test(key) || /^npm_config_(registry|cache|userconfig)$/i.test(key),
  ),
);

async function run(command, args, cwd, env = npmEnv) {
  try {
    return await execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${output || error.message}`);
  }
}

/** Publishable workspace packages (not private) under packages/ and apps/, with their folders. */
async function publishablePackages() {
  const found = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of await readdir(join(root, group), { withFileTypes: true })) {
      const manifestPath = join(root, group, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
      if (!manifest.private) found.push({ dir: join(root, group, entry.name), group, manifest });
    }
  }
  return found;
}

/**
 * An architecture package: under packages/, depends on @ganforge/core, named @ganforge/<family>,
 * and not marked `"ganforge": { "family": false }` (integrations such as @ganforge/onnx).
 */
const isArchitecture = (pkg) =>
  pkg.group === 'packages' &&
  pkg.manifest.dependencies?.['@ganforge/core'] !== undefined &&
  pkg.manifest.name.startsWith('@ganforge/') &&
  pkg.manifest.ganforge?.family !== false;
const shortName = (pkg) => pkg.manifest.name.slice('@ganforge/'.length);

/** Creates a scratch project in the OS temp folder and installs `specs` with one npm install. */
async function scratchProject(base, name, specs) {
  const dir = join(base, name);
  await mkdir(dir);
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: `ganforge-${name}`, private: true, type: 'module' }, null, 2)}\n`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...specs], dir);
  // Every @ganforge package must come from a tarball made here, never from the registry.
  const lock = JSON.parse(await readFile(join(dir, 'package-lock.json'), 'utf8'));
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path.includes('node_modules/@ganforge/') && !String(entry.resolved ?? '').startsWith('file:')) {
      throw new Error(`${name}: ${path} was installed from ${entry.resolved ?? 'nowhere'}, not from a packed tarball`);
    }
  }
  return dir;
}

/**
 * Run inside the library scratch project as `node check-family.mjs <family>`; prints one JSON line.
 * Each family is driven through the hook its users call: latent + generate (noise families),
 * translate (image-to-image), upscale (super-resolution), or sampleGrid (toy scatter plots).
 */
const checkFamilySource = `import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@ganforge/core';
import { encodePng, tensorGrid } from '@ganforge/core/image';

const name = process.argv[2];
const family = (await import('@ganforge/' + name))[name];
assert.equal(family?.name, name, '@ganforge/' + name + ' exports no Architecture named ' + name);
const backend = await initBackend();
assert.equal(backend.backend, 'wasm', 'initBackend() chose ' + backend.backend + ', expected wasm');

const [preset, { config: presetConfig }] = Object.entries(family.presets)[0];
const config = { ...family.defaults, ...presetConfig };
const count = 4;
const nets = family.build(config, 0);
const before = tf.memory().numTensors;

/** The family's own output for a few inputs: [N, H, W, C] and the shape it must have, or null where any goes. */
async function output() {
  if (family.latent && family.generate) {
    const latent = family.latent(config, count, 1);
    const images = family.generate(nets.generator, latent, config);
    latent.dispose();
    return { hook: 'generate', images, expected: [count, config.imageSize, config.imageSize, config.channels] };
  }
  if (family.translate) {
    const size = config.imageSize;
    const inputs = tf.randomUniform([count, size, size, config.channels], -1, 1, 'float32', 1);
    const images = family.translate(nets, inputs, config.direction ?? 'AtoB', config);
    inputs.dispose();
    return { hook: 'translate', images, expected: [count, size, size, config.channels] };
  }
  if (family.upscale) {
    const [width, height] = [13, 9];
    const data = Uint8Array.from({ length: width * height * config.channels }, (_, i) => (i * 37) % 256);
    const up = await family.upscale(nets.generator, { width, height, channels: config.channels, data }, config);
    assert.deepEqual([up.width, up.height, up.channels], [width * config.scale, height * config.scale, config.channels], 'upscaled size');
    const images = tf.tidy(() => tf.sub(tf.div(tf.tensor4d(up.data, [1, up.height, up.width, up.channels], 'float32'), 127.5), 1));
    return { hook: 'upscale', images, expected: [1, height * config.scale, width * config.scale, config.channels] };
  }
  assert.ok(family.sampleGrid, name + ' has none of latent/generate, translate, upscale, sampleGrid');
  const batch = { images: tf.zeros([1, 1, 1, 1]), labels: tf.zeros([1], 'int32') };
  const { images } = family.sampleGrid(nets, batch, config);
  tf.dispose([batch.images, batch.labels]);
  return { hook: 'sampleGrid', images, expected: null };
}

const { hook, images, expected } = await output();
assert.equal(images.rank, 4, hook + '() returned rank ' + images.rank);
if (expected) assert.deepEqual(images.shape, expected, hook + '() shape');
assert.ok(images.shape[3] === 1 || images.shape[3] === 3, images.shape[3] + ' channels');
const grid = await tensorGrid(images, 2);
const shape = images.shape;
images.dispose();
assert.equal(tf.memory().numTensors, before, hook + '() leaked tensors');
const png = encodePng(grid);
await writeFile(name + '.png', png);
assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], 'not a PNG');
const view = new DataView(png.buffer, png.byteOffset);
assert.deepEqual([view.getUint32(16), view.getUint32(20)], [grid.width, grid.height], 'PNG size');
console.log(JSON.stringify({ family: name, preset, hook, backend: backend.backend, threads: backend.threads, shape, png: [grid.width, grid.height] }));
`;

/** Run inside the CLI scratch project as `node write-images.mjs`: 8 PNGs 8x8 RGB in images/, through the installed core. */
const writeImagesSource = `import { mkdir, writeFile } from 'node:fs/promises';
import { encodePng } from '@ganforge/core/image';

await mkdir('images', { recursive: true });
for (let i = 0; i < 8; i++) {
  const data = Uint8Array.from({ length: 8 * 8 * 3 }, (_, p) => (p * 7 + i * 31) % 256);
  await writeFile('images/' + i + '.png', encodePng({ width: 8, height: 8, channels: 3, data }));
}
`;

async function main() {
  log('building (turbo, cached)');
  await run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only'], root, process.env);

  const packages = await publishablePackages();
  const families = packages.filter(isArchitecture);
  const byName = (name) => {
    const pkg = packages.find((p) => p.manifest.name === name);
    if (!pkg) throw new Error(`no publishable package ${name} in the workspace`);
    return pkg;
  };

  const base = await mkdtemp(join(tmpdir(), 'ganforge-pack-'));
  const tarballs = join(base, 'tarballs');
  await mkdir(tarballs);
  log(`packing ${packages.map((p) => p.manifest.name).join(', ')} into ${tarballs}`);
  const tarball = new Map();
  await Promise.all(
    packages.map(async (pkg) => {
      const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', tarballs], pkg.dir, process.env);
      tarball.set(pkg.manifest.name, JSON.parse(stdout).filename);
    }),
  );

  const results = [];
  const check = async (label, body) => {
    try {
      const detail = await body();
      results.push({ label, ok: true });
      log(`PASS ${label}${detail ? `: ${detail}` : ''}`);
    } catch (error) {
      results.push({ label, ok: false });
      log(`FAIL ${label}\n${error.stack ?? error}`);
    }
  };

  try {
    const tfjs = [`@tensorflow/tfjs@${tfjsVersion}`, `@tensorflow/tfjs-backend-wasm@${tfjsVersion}`];
    const librarySpecs = [tarball.get('@ganforge/core'), ...families.map((f) => tarball.get(f.manifest.name)), ...tfjs];
    const cliSpecs = [
      ...['@ganforge/cli', '@ganforge/dcgan', '@ganforge/core', '@ganforge/datasets', '@ganforge/tensorboard'].map((n) => tarball.get(byName(n).manifest.name)),
      `webgpu@${webgpuVersion}`,
      `@tensorflow/tfjs-backend-webgpu@${tfjsVersion}`,
    ];
    log(`npm install in two scratch projects under ${base}`);
    const [library, cli] = await Promise.allSettled([
      scratchProject(base, 'library', librarySpecs),
      scratchProject(base, 'cli', cliSpecs),
    ]);
    log('installed');

    if (library.status === 'fulfilled') await writeFile(join(library.value, 'check-family.mjs'), checkFamilySource);
    for (const family of families) {
      await check(`${family.manifest.name} from core + tfjs (library install)`, async () => {
        if (library.status === 'rejected') throw library.reason;
        const { stdout } = await run('node', ['check-family.mjs', shortName(family)], library.value);
        return stdout.trim();
      });
    }

    await check('@ganforge/cli `ganforge list` (CLI install)', async () => {
      if (cli.status === 'rejected') throw cli.reason;
      const { stdout } = await run('npx', ['--no', 'ganforge', 'list'], cli.value);
      // Family rows start at column 0 with the family name; presets are indented; "not installed: ..." closes.
      const listed = stdout.split('\n').filter((line) => /^[a-z0-9-]+ /.test(line) && !line.startsWith('not installed')).map((line) => line.split(' ')[0]);
      if (JSON.stringify(listed) !== JSON.stringify(['dcgan'])) {
        throw new Error(`expected exactly dcgan to be listed as installed, got [${listed.join(', ')}]:\n${stdout}`);
      }
      return `lists ${listed.join(', ')}`;
    });

    await check('@ganforge/cli `ganforge train dcgan --backend webgpu --steps 2` on SwiftShader, webgpu installed beside it (CLI install)', async () => {
      if (cli.status === 'rejected') throw cli.reason;
      await writeFile(join(cli.value, 'write-images.mjs'), writeImagesSource);
      await run('node', ['write-images.mjs'], cli.value);
      const tiny = ['--data', 'images', '--size', '8', '--batch', '4', '--set', 'ngf=8', '--set', 'ndf=8', '--set', 'latentDim=8', '--sample-every', '0', '--checkpoint-every', '0'];
      await run('npx', ['--no', 'ganforge', 'train', 'dcgan', ...tiny, '--backend', 'webgpu', '--steps', '2', '--out', 'run-webgpu'], cli.value, swiftShaderEnv(npmEnv));
      const meta = JSON.parse(await readFile(join(cli.value, 'run-webgpu', 'checkpoint', 'checkpoint.json'), 'utf8'));
      if (meta.step !== 2 || meta.backend?.backend !== 'webgpu') throw new Error(`expected a checkpoint of step 2 on webgpu, got step ${meta.step} on ${meta.backend?.backend}`);
      return `2 steps on webgpu, adapter ${meta.backend.adapter?.vendor} ${meta.backend.adapter?.architecture}`;
    });
  } finally {
    if (process.env.KEEP) log(`kept ${base}`);
    else await rm(base, { recursive: true, force: true });
  }

  const failed = results.filter((r) => !r.ok).length;
  console.log(`pack test: ${results.length - failed} passed, ${failed} failed (${seconds()})`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error.stack ?? error);
  console.log('pack test: 0 passed, 1 failed (could not run)');
  process.exitCode = 1;
});
