import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerInterpolate } from './commands/interpolate.js';
import { registerBench } from './commands/bench.js';
import { registerFamilyVerbs } from './commands/family-verbs.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerExport } from './commands/export.js';
import { registerList } from './commands/list.js';
import { registerSample } from './commands/sample.js';
import { registerTrain } from './commands/train.js';
import { registerTranslate } from './commands/translate.js';
import { registerUpscale } from './commands/upscale.js';
import { installedArchitectures } from './architectures.js';
import { reportError } from './errors.js';
import { registerImport } from './onnx.js';

/** The `ganforge` program with every verb registered, the installed families' own included. */
export async function createProgram(): Promise<Command> {
  const families = await installedArchitectures();
  const program = new Command('ganforge')
    .description('train, sample and compare GANs on TensorFlow.js')
    .version(packageJson.version)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerList(program);
  registerTrain(program, families);
  registerTranslate(program);
  registerSample(program);
  registerInterpolate(program, families);
  registerBench(program);
  registerUpscale(program);
  registerEvaluate(program);
  registerExport(program);
  registerFamilyVerbs(program, families);
  registerImport(program);
  return program;
}

/** Runs the CLI on process-style arguments; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await (await createProgram()).parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    return reportError(error);
  }
}
