// The built `ganforge` binary, run as a subprocess the way a user runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Sees the standard output so far after each chunk, and the child (to send it a signal, say). */
  onStdout?: (text: string, child: ChildProcess) => void;
  /** Variables added to the child's environment (after GANFORGE_BACKEND=wasm, so they can change it). */
  env?: NodeJS.ProcessEnv;
}

/**
 * `ganforge(args)` runs the binary on the wasm backend in the folder `cwd()` names when it is
 * called (a test file's scratch folder, made in its beforeAll) and resolves with its exit code and
 * output; it never rejects.
 */
export function cliRunner(cwd: () => string): (args: string[], options?: RunOptions) => Promise<Result> {
  return (args, options = {}) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { cwd: cwd(), env: { ...process.env, GANFORGE_BACKEND: 'wasm', ...options.env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        options.onStdout?.(stdout, child);
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.on('error', (error) => resolve({ code: null, stdout, stderr: `${stderr}${error.message}` })); // e.g. a missing cwd: no 'close' follows
    });
}

/** An RGB PNG of width x height whose pixel (x, y) is colour(x, y). */
export function png(width: number, height: number, colour: (x: number, y: number) => number[]): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) image.data.set([...colour(x, y), 255], (y * width + x) * 4);
  return PNG.sync.write(image);
}
