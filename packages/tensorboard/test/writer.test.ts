// Event files read back by an independent reader (test/read_events.py: Google's protobuf runtime
// and crcmod's CRC-32C, Debian's python3-protobuf and python3-crcmod), and the checksum itself.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from '@ganforge/core/image';
import { crc32c, maskedCrc32c, SummaryWriter } from '../src/index.js';

const execFileAsync = promisify(execFile);
const reader = join(dirname(fileURLToPath(import.meta.url)), 'read_events.py');
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** True when python3 has protobuf and crcmod (CI installs python3-onnx, which brings python3-protobuf, and python3-crcmod). */
const hasReader = (): Promise<boolean> => execFileAsync(python, ['-c', 'import google.protobuf, crcmod']).then(() => true, () => false);

/** The events of a file as the independent reader decodes them. */
async function readEvents(file: string): Promise<Record<string, unknown>[]> {
  const { stdout } = await execFileAsync(python, [reader, file]);
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

let root: string;

describe('TensorBoard event files', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ganforge-tensorboard-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('computes CRC-32C and its TFRecord mask', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32c(bytes)).toBe(0xe3069283); // the CRC-32C check value (RFC 3720, B.4)
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa); // 32 zero bytes (RFC 3720, B.4)
    const crc = 0xe3069283;
    expect(maskedCrc32c(bytes)).toBe(((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });

  it('writes scalars, an image and text that an independent reader decodes, every checksum right', async (context) => {
    if (!(await hasReader())) {
      context.skip();
      return;
    }
    const writer = await SummaryWriter.open(join(root, 'logs'));
    expect(writer.path).toMatch(/logs\/events\.out\.tfevents\.\d+\..+\.\d+\.\d+$/);
    await writer.text('config', 'a **run**\n\n    {"lr": 0.0002}', 0);
    await writer.scalar('train/dLoss', 1.25, 1);
    await writer.scalar('train/gLoss', 0.6931471805599453, 2);
    const png = encodePng({ width: 3, height: 2, channels: 3, data: new Uint8Array(18).fill(200) });
    await writer.image('samples', png, { height: 2, width: 3, channels: 3 }, 2);
    await writer.sessionStart(2);
    await writer.close();

    const events = await readEvents(writer.path);
    expect(events[0]).toMatchObject({ step: 0, file_version: 'brain.Event:2' });
    expect(events.slice(1).map(({ wall_time: _time, ...rest }) => rest)).toEqual([
      { step: 0, values: [{ tag: 'config', text: ['a **run**\n\n    {"lr": 0.0002}'], dtype: 7, plugin: 'text' }] },
      { step: 1, values: [{ tag: 'train/dLoss', simple_value: 1.25 }] },
      { step: 2, values: [{ tag: 'train/gLoss', simple_value: Math.fround(0.6931471805599453) }] },
      { step: 2, values: [{ tag: 'samples', image: { height: 2, width: 3, colorspace: 3, png: true, bytes: png.length } }] },
      { step: 2, session_log: { status: 1 } },
    ]);
    expect((events[1]!.wall_time as number) * 1000).toBeGreaterThan(Date.now() - 60_000);

    // A flipped bit anywhere in a record is caught by the reader's checksum.
    const bytes = await readFile(writer.path);
    bytes[bytes.length - 10]! ^= 1;
    await writeFile(join(root, 'broken'), bytes);
    await expect(readEvents(join(root, 'broken'))).rejects.toThrow(/data checksum/);
  });

  it('refuses a log folder it cannot write, in one line that names it', async () => {
    await writeFile(join(root, 'a-file'), 'not a folder');
    await expect(SummaryWriter.open(join(root, 'a-file', 'logs'))).rejects.toThrow(
      /^TensorBoard log folder ".*a-file\/logs" is not writable \((ENOTDIR|EEXIST)\); pass --logdir with a folder you can write to$/,
    );
  });
});
