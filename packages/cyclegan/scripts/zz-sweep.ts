// Throwaway experiment: train CycleGAN in-process and print held-out metrics every N steps.
import { writeFileSync } from 'node:fs';
import { BatchSource, createOptimizers, encodePng, initBackend, seededContext, tensorGrid } from '@ganforge/core';
import { loadUnpairedFolders } from '@ganforge/core/node';
import { cyclegan, defaults } from '../src/index.js';

const [overrides, stepsArg, everyArg, gridOut] = process.argv.slice(2);
const steps = Number(stepsArg ?? 300);
const every = Number(everyArg ?? 100);
await initBackend({ backend: 'wasm' });
const root = process.env.DATA ?? 'day2night';
const config = cyclegan.fitToData({ ...defaults, imageSize: 32, ...JSON.parse(overrides ?? '{}') }, { height: 32, width: 32, channels: 3, numClasses: 0 });
const train = await loadUnpairedFolders(root, { size: config.imageSize, channels: 3 });
const test = await loadUnpairedFolders(root, { size: config.imageSize, channels: 3, split: 'test' });
const nets = cyclegan.build(config, 0);
const optimizers = createOptimizers(nets, config);
const batches = new BatchSource(train, config.batchSize, 0);
let drawn = 0;
const t0 = performance.now();
for (let step = 0; step < steps; step++) {
  const m = await cyclegan.trainStep(seededContext({ config, nets, optimizers, step, nextBatch: () => batches.batch(drawn++) }, 0));
  if ((step + 1) % every === 0) {
    const e = await cyclegan.evaluate!(nets, test, config);
    const f = (v: number | undefined) => v!.toFixed(4);
    console.log(`step ${step + 1} ${((performance.now() - t0) / 1000).toFixed(0)}s g ${m.gLoss.toFixed(3)} cyc ${m.gCycle!.toFixed(3)} d ${m.dLoss.toFixed(3)} | cycleA ${f(e.cycleA)} cycleB ${f(e.cycleB)} changeA ${f(e.changeA)} gapAB ${f(e.colourGapAB)} (id ${f(e.colourGapABIdentity)}) gapBA ${f(e.colourGapBA)} (id ${f(e.colourGapBAIdentity)})`);
    if (gridOut) {
      const batch = new BatchSource(test, 6, 5).batch(0);
      const { images, columns } = cyclegan.sampleGrid!(nets, batch, config);
      writeFileSync(gridOut.replace('.png', `-${step + 1}.png`), encodePng(await tensorGrid(images, columns)));
    }
  }
}
