#!/usr/bin/env node
/* global console, performance, process */
// A toy run's figures three ways, as one JSON line each: the generator alone (what
// `ganforge evaluate` prints first), through discriminator rejection sampling with the run's D,
// and through rejection sampling with that D calibrated against the frozen generator first.
// Generators: the EMA copy when the run has one, else the raw one. Needs the built packages.
//   node packages/toy/scripts/evaluate-rejection.mjs <run> [calibration steps = 500] [quantile = 0.95]
import { initBackend } from '@ganforge/core';
import { loadCheckpointNetworks, readCheckpoint } from '@ganforge/core/node';
import { calibrateDiscriminator, evaluateToy, evaluateToyRejection } from '@ganforge/toy';

const [run, calibrationArg = '500', quantileArg = '0.95'] = process.argv.slice(2);
if (!run) throw new Error('usage: evaluate-rejection.mjs <run> [calibration steps] [quantile]');
const steps = Number(calibrationArg);
const quantile = Number(quantileArg);
if (!Number.isInteger(steps) || steps < 0) throw new Error(`calibration steps must be a whole number, got ${calibrationArg}`);
await initBackend({ backend: 'wasm' });

const { dir, meta } = await readCheckpoint(run);
const nets = await loadCheckpointNetworks(dir, meta);
const { config } = meta;
const name = nets['generator-ema'] ? 'generator-ema' : 'generator';
const generator = nets[name];
const report = (sampler, figures, extra = {}) => console.log(JSON.stringify({ step: meta.step, generator: name, sampler, ...extra, ...figures }));

report('generator', await evaluateToy(generator, config));
report('drs', await evaluateToyRejection(generator, nets.discriminator, config, { quantile }), { quantile });
if (steps > 0) {
  const started = performance.now();
  const calibrated = await calibrateDiscriminator(generator, nets.discriminator, config, { steps });
  const seconds = Math.round((performance.now() - started) / 1000);
  report('calibrated drs', await evaluateToyRejection(generator, calibrated, config, { quantile }), { quantile, calibrationSteps: steps, calibrationSeconds: seconds });
}
