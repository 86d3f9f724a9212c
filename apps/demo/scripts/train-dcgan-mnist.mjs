/* global URL, process, console */
// Trains the small MNIST DCGAN the demo ships (apps/demo/public/models/dcgan-mnist/).
// `ganforge train` has no flag for the network width, so this calls the same training loop with
// ngf = ndf = 32 (the mnist preset's 64 gives a 2.5 MB generator; 32 gives ~1.3 MB and trains ~3x
// faster). Build first (`pnpm turbo run build --filter=@ganforge/cli...`), then:
//   node apps/demo/scripts/train-dcgan-mnist.mjs /tmp/runs/demo/dcgan 1500
//   node apps/cli/dist/bin.js export /tmp/runs/demo/dcgan --out apps/demo/public/models/dcgan-mnist
const root = new URL('../../../', import.meta.url);
const { initBackend } = await import(new URL('packages/core/dist/index.js', root).href);
const { loadBuiltinDataset, trainRun } = await import(new URL('packages/core/dist/node/index.js', root).href);
const { dcgan, defaults, presets } = await import(new URL('packages/dcgan/dist/index.js', root).href);

const [out = '/tmp/runs/demo/dcgan', stepsArg = '1500'] = process.argv.slice(2);
const steps = Number(stepsArg);
const backend = await initBackend();
const images = await loadBuiltinDataset('mnist', 'train', { size: 28 });
const config = dcgan.fitToData(
  { ...defaults, ...presets.mnist.config, ngf: 32, ndf: 32, ema: 0.995 },
  { height: images.height, width: images.width, channels: images.channels, numClasses: images.classNames.length },
);
const started = Date.now();
const result = await trainRun({
  architecture: dcgan,
  config,
  data: { images },
  dataSource: 'mnist',
  steps,
  seed: 0,
  out,
  sampleEvery: 250,
  checkpointEvery: 250,
  backend,
  onStep: (step, m) => {
    if (step % 50 === 0) console.log(`step ${step} dLoss ${m.dLoss.toFixed(3)} gLoss ${m.gLoss.toFixed(3)} ${((Date.now() - started) / 1000).toFixed(0)} s`);
  },
});
console.log(`done at step ${result.step} in ${((Date.now() - started) / 1000).toFixed(0)} s (${backend.backend}, ${backend.threads} threads); checkpoint ${result.checkpoint}`);
