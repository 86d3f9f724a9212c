/**
 * Training progress: a bar with step, steps/s, ETA, losses and D's accuracy on a terminal; on
 * anything else (CI logs, pipes) the same fields as a plain line every few seconds.
 */
import cliProgress from 'cli-progress';
import type { StepMetrics } from '@ganforge/core';

export interface TrainProgress {
  update: (step: number, metrics: StepMetrics) => void;
  stop: () => void;
}

const fixed = (v: number | undefined, digits: number) => (v === undefined ? '-' : v.toFixed(digits));

export function trainProgress(startStep: number, totalSteps: number): TrainProgress {
  const bar = new cliProgress.SingleBar(
    {
      format:
        'step {value}/{total} {bar} {percentage}% | {rate} steps/s | ETA {eta_formatted} | D {dLoss} G {gLoss} | D acc real {accReal} fake {accFake}{ada}',
      barsize: 20,
      etaBuffer: 50,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(totalSteps, startStep, { rate: '-', dLoss: '-', gLoss: '-', accReal: '-', accFake: '-', ada: '' });
  return {
    update: (step, metrics) => {
      const rate = (step - startStep) / ((performance.now() - started) / 1000);
      bar.update(step, {
        rate: rate.toFixed(2),
        dLoss: fixed(metrics.dLoss, 3),
        gLoss: fixed(metrics.gLoss, 3),
        accReal: fixed(metrics.dAccReal, 2),
        accFake: fixed(metrics.dAccFake, 2),
        ada: metrics.adaP === undefined ? '' : ` | ADA p ${fixed(metrics.adaP, 3)} r_t ${fixed(metrics.adaRt, 2)}`, // ADA runs
      });
    },
    stop: () => bar.stop(),
  };
}

/** `ganforge project`'s bar: step of all steps, the images being projected, their mean loss and distance. */
export function projectProgress(totalSteps: number): { update: (done: number, images: string, loss: number, distance: number) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    { format: 'step {value}/{total} {bar} {percentage}% | ETA {eta_formatted} | {images} | loss {loss} | distance {distance}', barsize: 20, etaBuffer: 50, noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalSteps, 0, { images: '', loss: '-', distance: '-' });
  return {
    update: (done, images, loss, distance) => bar.update(done, { images, loss: loss.toFixed(4), distance: distance.toFixed(4) }),
    stop: () => bar.stop(),
  };
}
