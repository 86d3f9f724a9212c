/**
 * A training run's TensorBoard log: core's TrainRunLogger writing scalars (every step metric the
 * family reports: D and G loss, D accuracy, ADA's p when a family reports it; evaluation metrics;
 * both learning rates), the sample grids as images and the config as text.
 */
import { encodePng } from '@ganforge/core/image';
import type { TrainRunLogger } from '@ganforge/core/train';
import { SummaryWriter } from './writer.js';

/** Markdown of a config: a JSON code block (indented lines, so every markdown reader shows it verbatim). */
const codeBlock = (value: unknown): string => JSON.stringify(value, null, 2).split('\n').map((line) => `    ${line}`).join('\n');

/**
 * A TrainRunLogger writing one event file in `logdir` (opened now, so an unwritable folder fails
 * before training starts). Tags: `train/<metric>`, `evaluate/<metric>`, `lr/generator`,
 * `lr/discriminator`, `samples`, `config`.
 */
export async function tensorboardLogger(logdir: string): Promise<TrainRunLogger & { path: string }> {
  const writer = await SummaryWriter.open(logdir);
  return {
    path: writer.path,
    start: async (info) => {
      if (info.resumed) await writer.sessionStart(info.step);
      const about = { architecture: info.architecture, preset: info.preset ?? null, data: info.dataSource, seed: info.seed, backend: info.backend, startStep: info.step };
      await writer.text('config', `${info.architecture} run${info.resumed ? `, resumed at step ${info.step}` : ''}\n\n${codeBlock({ ...about, config: info.config })}`, info.step);
    },
    step: async (step, metrics, extras) => {
      for (const [name, value] of Object.entries(metrics)) await writer.scalar(`train/${name}`, value, step);
      for (const [name, value] of Object.entries(extras.evaluation ?? {})) {
        if (typeof value === 'number') await writer.scalar(`evaluate/${name}`, value, step);
      }
      await writer.scalar('lr/generator', extras.learningRates.generator, step);
      await writer.scalar('lr/discriminator', extras.learningRates.discriminator, step);
    },
    samples: async (step, grid) => {
      await writer.image('samples', encodePng(grid), { height: grid.height, width: grid.width, channels: grid.channels }, step);
      await writer.flush();
    },
    close: () => writer.close(),
  };
}
