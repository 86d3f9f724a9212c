// Builds the carry folder for a GPU machine with no network (see README.md):
//   node tools/gpu-bench/build.mjs   ->   tools/gpu-bench/out/carry/ (about 29 MB)
// bench.mjs and probe.mjs bundled from the workspace's sources (core and the seven families, tfjs,
// tfjs' webgpu backend) with esbuild; Dawn (the `webgpu` package) for linux-x64 only; the PyTorch
// references of shared/reference/torch with cuda_ref.py; this Node binary, xz'd; device-run.sh and
// summarize.mjs; and gl/, the Vulkan loader's Debian packages (the device README's `.gl` folder).
// No `pnpm build` needed. BUNDLE_ONLY=1 writes out/bundle only, to run here.
import { execFileSync, execSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(here, 'out');
const carry = join(out, 'carry');
const bundle = join(out, 'bundle');
rmSync(bundle, { recursive: true, force: true });
mkdirSync(bundle, { recursive: true });
mkdirSync(carry, { recursive: true });

// esbuild and the webgpu packages as core's devDependencies installed them.
const coreRequire = createRequire(join(root, 'packages', 'core', 'package.json'));
const esbuild = createRequire(coreRequire.resolve('tsup'))('esbuild');
const webgpuBackend = dirname(coreRequire.resolve('@tensorflow/tfjs-backend-webgpu/package.json'));
const dawn = dirname(realpathSync(coreRequire.resolve('webgpu')));
// Both entries in one build: esbuild puts what they share (tfjs, core, the families) in one chunk.
await esbuild.build({
  entryPoints: { bench: join(here, 'bench-entry.mjs'), probe: join(here, 'probe-entry.mjs') },
  bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20',
  outdir: bundle, outExtension: { '.js': '.mjs' }, chunkNames: 'shared-[hash]', external: ['webgpu'], logLevel: 'warning',
  conditions: ['@ganforge/source'], nodePaths: [join(root, 'apps', 'cli', 'node_modules'), join(root, 'packages', 'core', 'node_modules')],
  alias: { '@tensorflow/tfjs-backend-webgpu': webgpuBackend },
  banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
});
// Dawn for linux-x64 only.
const dawnCopy = join(bundle, 'node_modules', 'webgpu');
cpSync(dawn, dawnCopy, { recursive: true, dereference: true });
for (const platform of readdirSync(join(dawnCopy, 'dist'))) if (platform !== 'linux-x64') rmSync(join(dawnCopy, 'dist', platform), { recursive: true, force: true });
// The PyTorch references and cuda_ref.py (runs one on CUDA, each step synchronised).
cpSync(join(root, '..', 'shared', 'reference', 'torch'), join(bundle, 'torch'), { recursive: true });
if (process.env.BUNDLE_ONLY !== '1') execFileSync('tar', ['-C', bundle, '-cJf', join(carry, 'bundle.tar.xz'), '.']);
// This Node without its symbol tables (the carry must stay small: the working tree and the carry
// travel together, 64 MiB at most); `strip --strip-all` keeps the dynamic symbols that native addons (Dawn) bind to.
if (!existsSync(join(carry, 'node.xz'))) {
  const stripped = join(out, 'node');
  copyFileSync(process.execPath, stripped);
  execSync(`strip --strip-all "${stripped}" && xz -T2 -9 -c "${stripped}" > "${join(carry, 'node.xz')}" && rm "${stripped}"`);
}
if (process.env.BUNDLE_ONLY === '1') process.exit(0);
copyFileSync(join(here, 'device-run.sh'), join(carry, 'device-run.sh'));
copyFileSync(join(here, 'summarize.mjs'), join(carry, 'summarize.mjs'));
chmodSync(join(carry, 'device-run.sh'), 0o755);
// The Vulkan loader (and GL libraries) as Debian packages for amd64, as the device README says.
const gl = join(carry, 'gl');
if (!existsSync(gl) || readdirSync(gl).filter((f) => f.endsWith('.deb')).length === 0) {
  mkdirSync(gl, { recursive: true });
  mkdirSync('/tmp/amd64/partial', { recursive: true });
  const o = '-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64';
  execSync(`apt-get ${o} update -qq && apt-get ${o} download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2`, { cwd: gl, stdio: 'inherit' });
}
console.log(execSync(`du -sh "${carry}"; ls -la "${carry}"`).toString());
