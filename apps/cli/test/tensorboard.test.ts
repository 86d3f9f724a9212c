// `ganforge train --tensorboard` and `--logdir`, through the built binary; the event files are read
// back by an independent reader (packages/tensorboard/test/read_events.py: Google's protobuf runtime
// and crcmod's CRC-32C), when python3 has protobuf and crcmod.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from './ganforge.js';

const execFileAsync = promisify(execFile);
const reader = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'packages', 'tensorboard', 'test', 'read_events.py');
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasReader = () => execFileAsync(python, ['-c', 'import google.protobuf, crcmod']).then(() => true, () => false);

interface Value {
  tag: string;
  simple_value?: number;
  image?: { height: number; width: number; colorspace: number; png: boolean };
  text?: string[];
  plugin?: string;
}
interface Event {
  step: number;
  file_version?: string;
  session_log?: { status: number };
  values?: Value[];
}

const readEvents = async (file: string): Promise<Event[]> =>
  (await execFileAsync(python, [reader, file])).stdout.trim().split('\n').map((line) => JSON.parse(line) as Event);

/** The run folder's event files, oldest first. */
const eventFiles = async (dir: string) => (await readdir(join(root, dir))).filter((f) => f.startsWith('events.out.tfevents.')).sort();

let root: string;
const ganforge = cliRunner(() => root);

describe('ganforge train --tensorboard', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-tensorboard-'));
    await mkdir(join(root, 'images'), { recursive: true });
    for (let i = 0; i < 8; i++) {
      const png = new PNG({ width: 8, height: 8 });
      for (let p = 0; p < 64; p++) png.data.set([p * 4, i * 30, 255 - p * 3, 255], p * 4);
      await writeFile(join(root, 'images', `${i}.png`), PNG.sync.write(png));
    }
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes every step\'s metrics and learning rates, the sample grids and the config; a resumed run starts a new session', async (context) => {
    const train = ['train', 'dcgan', '--data', 'images', '--size', '8', '--batch', '4', '--sample-every', '2', '--checkpoint-every', '0', '--out', 'run', '--tensorboard'];
    const first = await ganforge([...train, '--steps', '4']);
    expect(first.stderr).not.toMatch(/ganforge:/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/TensorBoard events in run\/events\.out\.tfevents\.\S+ \(tensorboard --logdir run\)/);
    const [file] = await eventFiles('run');
    expect(file).toBeDefined();
    if (!(await hasReader())) {
      context.skip();
      return;
    }
    const events = await readEvents(join(root, 'run', file!));
    expect(events[0]).toMatchObject({ step: 0, file_version: 'brain.Event:2' });
    const config = events.find((e) => e.values?.[0]?.tag === 'config')!.values![0]!;
    expect(config.plugin).toBe('text');
    expect(config.text![0]).toMatch(/^dcgan run\n\n {4}\{\n/);
    expect(config.text![0]).toContain('"imageSize": 8');

    // Scalars: metrics.jsonl's numbers, as float32.
    const log = (await readFile(join(root, 'run', 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    const scalar = (tag: string, step: number) => events.find((e) => e.step === step && e.values?.[0]?.tag === tag)?.values![0]!.simple_value;
    for (const line of log) {
      for (const name of ['dLoss', 'gLoss', 'dAccReal', 'dAccFake']) expect(scalar(`train/${name}`, line.step!), `${name} at ${line.step}`).toBe(Math.fround(line[name]!));
      expect(scalar('lr/generator', line.step!)).toBe(Math.fround(2e-4));
      expect(scalar('lr/discriminator', line.step!)).toBe(Math.fround(2e-4));
    }
    // Images: the grids of steps 2 and 4, the size of samples/step-*.png.
    const grid = PNG.sync.read(await readFile(join(root, 'run', 'samples', 'step-000002.png')));
    const images = events.filter((e) => e.values?.[0]?.tag === 'samples');
    expect(images.map((e) => e.step)).toEqual([2, 4]);
    expect(images[0]!.values![0]!.image).toEqual({ height: grid.height, width: grid.width, colorspace: 3, png: true, bytes: expect.any(Number) });

    const resumed = await ganforge(['train', 'dcgan', '--resume', 'run', '--steps', '6', '--sample-every', '2', '--checkpoint-every', '0', '--tensorboard']);
    expect(resumed.code).toBe(0);
    const files = await eventFiles('run');
    expect(files).toHaveLength(2);
    const second = await readEvents(join(root, 'run', files.find((f) => f !== file)!));
    expect(second[1]).toMatchObject({ step: 4, session_log: { status: 1 } }); // START: TensorBoard drops older events past step 4
    expect(second.filter((e) => e.values?.[0]?.tag === 'train/dLoss').map((e) => e.step)).toEqual([5, 6]);
  });

  it('refuses a log folder it cannot write, in one line, before training', async () => {
    await writeFile(join(root, 'a-file'), 'not a folder');
    const result = await ganforge(['train', 'dcgan', '--data', 'images', '--size', '8', '--batch', '4', '--steps', '2', '--out', 'refused', '--logdir', 'a-file/logs']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['ganforge: TensorBoard log folder "a-file/logs" is not writable (ENOTDIR); pass --logdir with a folder you can write to']);
    expect(existsSync(join(root, 'refused', 'checkpoint'))).toBe(false);
  });
});
