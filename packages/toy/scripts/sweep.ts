// Toy sweep: trains one config, evaluates (VEEGAN/PacGAN metrics, 2500 samples) every `evalEvery`
// steps on the EMA generator when ema > 0, writes log.jsonl and the final scatter PNG to `out`.
// Usage: vite-node scripts/sweep.ts '<json config overrides>' <steps> <evalEvery> <out> [seed]
import { mkdir, writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { createOptimizers, encodePng, initBackend, seededContext, tensorGrid, WeightAverage } from '@ganforge/core';
import { defaults, evaluateToy, scatterGrid, toy, type ToyConfig } from '@ganforge/toy';

const [overrides = '{}', stepsArg = '1000', evalArg = '250', out = '/tmp/runs/toy/x', seedArg = '0', limitArg = '840'] = process.argv.slice(2);
const limitSeconds = Number(limitArg);
const config: ToyConfig = { ...defaults, ...(JSON.parse(overrides) as Partial<ToyConfig>) };
const steps = Number(stepsArg);
const evalEvery = Number(evalArg);
const seed = Number(seedArg);
const report = await initBackend({ backend: (process.env.BACKEND ?? 'wasm') as 'wasm' });
await mkdir(out, { recursive: true });
const nets = toy.build(config, seed);
const optimizers = createOptimizers(nets, config);
let ema: WeightAverage | undefined;
if (config.ema > 0) {
  const copy = toy.build(config, seed);
  copy.discriminator.dispose();
  ema = new WeightAverage(nets.generator, copy.generator, config.ema);
  ema.reset();
}
const sampler = () => ema?.shadow ?? nets.generator;
const started = performance.now();
const log: string[] = [];
const lrDecayAt = (config as unknown as { decayAt?: number }).decayAt;
for (let step = 0; step < steps; step++) {
  if (lrDecayAt !== undefined && step === lrDecayAt) {
    optimizers.generator.options.learningRate /= 10;
    optimizers.discriminator.options.learningRate /= 10;
  }
  const metrics = await toy.trainStep(seededContext({ config, nets, optimizers, step, nextBatch: () => { throw new Error('synthetic'); } }, seed));
  ema?.update();
  if ((step + 1) % evalEvery === 0 || step + 1 === steps) {
    const seconds = (performance.now() - started) / 1000;
    const figures = await evaluateToy(sampler(), config);
    const raw = ema ? await evaluateToy(nets.generator, config) : undefined;
    const line = JSON.stringify({ step: step + 1, seconds: Math.round(seconds), modes: figures.modes, hq: Number(figures.highQuality.toFixed(4)), kl: Number(figures.reverseKl.toFixed(3)), ...(raw ? { rawModes: raw.modes, rawHq: Number(raw.highQuality.toFixed(4)) } : {}), d: Number(metrics.dLoss.toFixed(3)), g: Number(metrics.gLoss.toFixed(3)), accR: metrics.dAccReal, accF: metrics.dAccFake });
    console.log(line);
    log.push(line);
    for (const [tag, net] of [['ema', sampler()], ['raw', nets.generator]] as const) {
      const grid = scatterGrid(net, config);
      await writeFile(`${out}/${tag}-${String(step + 1).padStart(6, '0')}.png`, encodePng(await tensorGrid(grid, 1)));
      grid.dispose();
    }
    if (seconds > limitSeconds) break;
  }
}
const images = scatterGrid(sampler(), config);
await writeFile(`${out}/scatter.png`, encodePng(await tensorGrid(images, 1)));
images.dispose();
await writeFile(`${out}/log.jsonl`, `${log.join('\n')}\n`);
console.log(JSON.stringify({ done: true, backend: report.backend, threads: report.threads, wallSeconds: Math.round((performance.now() - started) / 1000), tensors: tf.memory().numTensors, config }));
