// Throwaway experiment: train pix2pix on edges2shapes in-process and print held-out L1 every N steps.
import { BatchSource, createOptimizers, initBackend, seededContext } from '@ganforge/core';
import { loadPairedFolder } from '@ganforge/core/node';
import { writeFileSync } from 'node:fs';
import { encodePng, tensorGrid } from '@ganforge/core';
import { defaults, pix2pix, presets } from '../src/index.js';

const [overrides, stepsArg, everyArg, gridOut] = process.argv.slice(2);
const steps = Number(stepsArg ?? 300);
const every = Number(everyArg ?? 100);
await initBackend({ backend: 'wasm' });
const config = pix2pix.fitToData({ ...defaults, ...presets.edges2shapes!.config, ...JSON.parse(overrides ?? '{}') }, { height: 32, width: 32, channels: 3, numClasses: 0 });
const root = process.env.DATA ?? 'edges2shapes';
const train = await loadPairedFolder(root, { size: config.imageSize, channels: 3 });
const test = await loadPairedFolder(root, { size: config.imageSize, channels: 3, split: 'test' });
const nets = pix2pix.build(config, 0);
const optimizers = createOptimizers(nets, config);
const batches = new BatchSource(train, config.batchSize, 0);
let drawn = 0;
const t0 = performance.now();
for (let step = 0; step < steps; step++) {
  const m = await pix2pix.trainStep(seededContext({ config, nets, optimizers, step, nextBatch: () => batches.batch(drawn++) }, 0));
  if ((step + 1) % every === 0) {
    const e = await pix2pix.evaluate!(nets, test, config);
    console.log(`step ${step + 1} ${((performance.now() - t0) / 1000).toFixed(0)}s gL1 ${m.gL1!.toFixed(3)} dLoss ${m.dLoss.toFixed(3)} | test l1 ${e.l1!.toFixed(4)} (identity ${e.l1Identity!.toFixed(4)}) psnr ${e.psnr!.toFixed(2)} ssim ${e.ssim!.toFixed(3)}`);
  }
}
if (gridOut) {
  const batch = new BatchSource(test, 8, 5).batch(0);
  const { images, columns } = pix2pix.sampleGrid!(nets, batch, config);
  writeFileSync(gridOut, encodePng(await tensorGrid(images, columns)));
}
