// Builds a self-contained webgpu bench for a GPU machine with no network (see README.md):
// node tools/gpu-bench/build.mjs  ->  tools/gpu-bench/out/carry/{node.xz,bundle.tar.xz}
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(here, 'out');
const deps = join(out, 'deps');
const bundle = join(out, 'bundle');
rmSync(join(out, 'carry'), { recursive: true, force: true });
mkdirSync(deps, { recursive: true });
mkdirSync(join(out, 'carry'), { recursive: true });

// webgpu (Dawn for Node) and tfjs' webgpu backend are optional peers, never in the workspace.
writeFileSync(join(deps, 'package.json'), '{"private":true}');
execFileSync('npm', ['install', '--no-audit', '--no-fund', 'webgpu@0.6.2', '@tensorflow/tfjs@4.22.0',
  '@tensorflow/tfjs-backend-webgpu@4.22.0', '@tensorflow/tfjs-backend-wasm@4.22.0'], { cwd: deps, stdio: 'inherit' });
const nm = join(deps, 'node_modules');

// esbuild comes with tsup in the workspace.
const esbuild = createRequire(createRequire(join(root, 'packages', 'core', 'package.json')).resolve('tsup'))('esbuild');
for (const entry of ['bench', 'probe']) {
  await esbuild.build({
    entryPoints: [join(here, `${entry}-entry.mjs`)], bundle: true, platform: 'node', format: 'esm', target: 'node20',
    outfile: join(bundle, `${entry}.mjs`), external: ['webgpu'], logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
    alias: {
      '@ganforge/core': join(root, 'packages', 'core', 'dist', 'index.js'),
      '@ganforge/dcgan': join(root, 'packages', 'dcgan', 'dist', 'index.js'),
      '@tensorflow/tfjs': join(nm, '@tensorflow', 'tfjs'),
      '@tensorflow/tfjs-backend-wasm': join(nm, '@tensorflow', 'tfjs-backend-wasm'),
      '@tensorflow/tfjs-backend-webgpu': join(nm, '@tensorflow', 'tfjs-backend-webgpu'),
    },
    nodePaths: [nm],
  });
}
// Dawn for linux-x64 only, and the CUDA variant of the PyTorch reference.
rmSync(join(bundle, 'node_modules'), { recursive: true, force: true });
cpSync(join(nm, 'webgpu'), join(bundle, 'node_modules', 'webgpu'), { recursive: true });
for (const platform of ['darwin-universal', 'linux-arm64', 'win32-arm64', 'win32-x64']) {
  rmSync(join(bundle, 'node_modules', 'webgpu', 'dist', platform), { recursive: true, force: true });
}
// The PyTorch reference of shared/bench/CONFIGS.md, moved to the GPU (models, data, noise) with a
// synchronize at the end of each step so the timer sees the GPU work.
const reference = join(root, '..', 'shared', 'reference', 'torch');
mkdirSync(join(bundle, 'torch'), { recursive: true });
cpSync(join(reference, '_harness.py'), join(bundle, 'torch', '_harness.py'));
const cuda = readFileSync(join(reference, 'dcgan.py'), 'utf8')
  .replace('G.apply(weights_init); D.apply(weights_init)', 'G.apply(weights_init); D.apply(weights_init)\nG = G.cuda(); D = D.cuda()')
  .replaceAll('torch.randn(*zshape)', "torch.randn(*zshape, device='cuda')")
  .replace('real = torch.rand(B, nc, res, res) * 2 - 1', 'real = (torch.rand(B, nc, res, res) * 2 - 1).cuda()')
  .replace('ones, zeros = torch.ones(B), torch.zeros(B)', "ones, zeros = torch.ones(B, device='cuda'), torch.zeros(B, device='cuda')")
  .replace('    optG.step()\n', '    optG.step()\n    torch.cuda.synchronize()\n')
  .replace('run("dcgan_" + variant', 'run("dcgan_cuda_" + variant');
writeFileSync(join(bundle, 'torch', 'dcgan_cuda.py'), cuda);
execFileSync('tar', ['-C', bundle, '-cJf', join(out, 'carry', 'bundle.tar.xz'), '.']);
execFileSync('sh', ['-c', `xz -T2 -6 -c "${process.execPath}" > "${join(out, 'carry', 'node.xz')}"`]);
console.log(`built ${join(out, 'carry')}`);
