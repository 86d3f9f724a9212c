// Builds the carry folder for training runs on a GPU machine with no network (see README.md):
//   node tools/gpu-train/build.mjs   ->   tools/gpu-train/out/carry/ (about 29 MB)
// The CLI, every family and stylegan's projection-table script, bundled from the workspace's
// sources with esbuild in one build (what they share, tfjs and core, in one chunk). The CLI finds
// families by their package.json files, so node_modules/@ganforge/<family>/ holds a two-line stub
// package that re-exports the family from the bundle's families chunk. @ganforge/datasets stays
// outside the bundle: device-run.sh links the repository's packages/datasets (it travels with the
// working tree) into node_modules. Node and the Vulkan loader's packages come from tools/gpu-bench's
// carry (`node tools/gpu-bench/build.mjs` makes them).
import { execFileSync, execSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(here, 'out');
const carry = join(out, 'carry');
const bundle = join(out, 'bundle');
const families = ['dcgan', 'cgan', 'pix2pix', 'cyclegan', 'srgan', 'progan', 'stylegan', 'toy'];
rmSync(bundle, { recursive: true, force: true });
mkdirSync(bundle, { recursive: true });
mkdirSync(carry, { recursive: true });

const coreRequire = createRequire(join(root, 'packages', 'core', 'package.json'));
const esbuild = createRequire(coreRequire.resolve('tsup'))('esbuild');
const webgpuBackend = dirname(coreRequire.resolve('@tensorflow/tfjs-backend-webgpu/package.json'));
const dawn = dirname(realpathSync(coreRequire.resolve('webgpu')));
// Core imports tfjs' webgpu backend by a name esbuild cannot follow, so each program's entry imports
// it, once Dawn's navigator.gpu exists (the backend registers itself only where WebGPU is), first.
const withWebgpu = (name, program) => {
  const entry = join(out, `${name}-entry.mjs`);
  writeFileSync(
    entry,
    "import { webgpuNavigator } from '@ganforge/core';\n" +
      "if (await webgpuNavigator()) await import('@tensorflow/tfjs-backend-webgpu');\n" +
      `await import(${JSON.stringify(program)});\n`,
  );
  return entry;
};
await esbuild.build({
  entryPoints: {
    ganforge: withWebgpu('ganforge', join(root, 'apps', 'cli', 'src', 'bin.ts')),
    'projection-table': withWebgpu('projection-table', join(root, 'packages', 'stylegan', 'scripts', 'projection-table.mjs')),
    ...Object.fromEntries(families.map((f) => [`family-${f}`, join(root, 'packages', f, 'src', 'index.ts')])),
  },
  bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20',
  outdir: bundle, outExtension: { '.js': '.mjs' }, chunkNames: 'shared-[hash]', logLevel: 'warning',
  // The entries import programs for their side effects, which packages' `sideEffects` fields would drop.
  ignoreAnnotations: true,
  // The families are imported through their stub packages (below), as the CLI finds them.
  external: ['webgpu', '@ganforge/datasets', '@ganforge/onnx', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', ...families.map((f) => `@ganforge/${f}`)],
  conditions: ['@ganforge/source'],
  nodePaths: [join(root, 'apps', 'cli', 'node_modules'), join(root, 'packages', 'core', 'node_modules'), join(root, 'packages', 'stylegan', 'node_modules')],
  alias: { '@tensorflow/tfjs-backend-webgpu': webgpuBackend },
  banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
});
for (const name of families) {
  const dir = join(bundle, 'node_modules', '@ganforge', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@ganforge/${name}`, type: 'module', main: 'index.mjs', ganforge: { family: name } }) + '\n');
  writeFileSync(join(dir, 'index.mjs'), `export * from '../../../family-${name}.mjs';\n`);
}
const dawnCopy = join(bundle, 'node_modules', 'webgpu');
cpSync(dawn, dawnCopy, { recursive: true, dereference: true });
for (const platform of readdirSync(join(dawnCopy, 'dist'))) if (platform !== 'linux-x64') rmSync(join(dawnCopy, 'dist', platform), { recursive: true, force: true });
execFileSync('tar', ['-C', bundle, '-cJf', join(carry, 'bundle.tar.xz'), '.']);
const benchCarry = join(root, 'tools', 'gpu-bench', 'out', 'carry');
if (!existsSync(join(benchCarry, 'node.xz'))) throw new Error('run `node tools/gpu-bench/build.mjs` first: it makes node.xz and gl/');
copyFileSync(join(benchCarry, 'node.xz'), join(carry, 'node.xz'));
cpSync(join(benchCarry, 'gl'), join(carry, 'gl'), { recursive: true });
copyFileSync(join(here, 'device-run.sh'), join(carry, 'device-run.sh'));
// CARRY_DATA=a.gz,b.gz: gzipped data files of the working tree re-packed as xz (Fashion-MNIST's
// training images: 26.4 MB gzipped, 22.7 MB xz'd) into data/<path>.raw.xz, which device-run.sh
// gzips back into place: for a call from a checkout that leaves them out to stay under 64 MiB.
rmSync(join(carry, 'data'), { recursive: true, force: true });
for (const path of (process.env.CARRY_DATA ?? '').split(',').filter(Boolean)) {
  const to = join(carry, 'data', `${path}.raw.xz`);
  mkdirSync(dirname(to), { recursive: true });
  execSync(`gzip -dc "${join(root, path)}" | xz -9 -T2 > "${to}"`);
}
console.log(execFileSync('du', ['-sh', ...readdirSync(carry).map((f) => join(carry, f))]).toString());
