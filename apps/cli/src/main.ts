import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerInterpolate } from './commands/interpolate.js';
import { registerBench } from './commands/bench.js';
import { registerEdit } from './commands/edit.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerExport } from './commands/export.js';
import { registerList } from './commands/list.js';
import { registerMix } from './commands/mix.js';
import { registerSample } from './commands/sample.js';
import { registerTrain } from './commands/train.js';
import { registerTranslate } from './commands/translate.js';
import { registerUpscale } from './commands/upscale.js';
import { reportError } from './errors.js';
import { registerImport } from './onnx.js';

/** The `ganforge` program with every verb registered. */
export function createProgram(): Command {
  const program = new Command('ganforge')
    .description('train, sample and compare GANs on TensorFlow.js')
    .version(packageJson.version)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerList(program);
  registerTrain(program);
  registerTranslate(program);
  registerSample(program);
  registerInterpolate(program);
  registerMix(program);
  registerEdit(program);
  registerBench(program);
  registerUpscale(program);
  registerEvaluate(program);
  registerExport(program);
  registerImport(program);
  return program;
}

/** Runs the CLI on process-style arguments; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    return reportError(error);
  }
}
