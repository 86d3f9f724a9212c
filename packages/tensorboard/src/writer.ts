/**
 * A TensorBoard event file writer: `events.out.tfevents.<time>.<host>.<pid>.<n>` in a log folder,
 * one TFRecord per Event, starting with the `brain.Event:2` version record TensorBoard expects.
 * Scalars are Summary.Value simple_value, images Summary.Image (PNG), text the text plugin's
 * string tensor; all three dashboards read them.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { frameRecord } from './record.js';
import { dataTypes, encodeEvent, sessionStatus, type EventMessage, type SummaryValue } from './schema.js';

/** A log folder that cannot be written; the message names it and the way out. */
export class TensorBoardError extends Error {
  override name = 'TensorBoardError';
}

let fileCounter = 0;

/** Writes one event file; create it with `SummaryWriter.open(logdir)`. */
export class SummaryWriter {
  private constructor(
    private readonly file: FileHandle,
    /** Path of the event file. */
    readonly path: string,
  ) {}

  /** Creates the log folder if needed and a new event file in it, starting with the file-version event. */
  static async open(logdir: string): Promise<SummaryWriter> {
    const path = join(logdir, `events.out.tfevents.${Math.floor(Date.now() / 1000)}.${hostname()}.${process.pid}.${fileCounter++}`);
    let file: FileHandle;
    try {
      await mkdir(logdir, { recursive: true });
      file = await open(path, 'a');
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).message;
      throw new TensorBoardError(`TensorBoard log folder "${logdir}" is not writable (${code}); pass --logdir with a folder you can write to`);
    }
    const writer = new SummaryWriter(file, path);
    await writer.write({ wallTime: Date.now() / 1000, step: 0, fileVersion: 'brain.Event:2' });
    return writer;
  }

  private async write(event: EventMessage): Promise<void> {
    await this.file.write(frameRecord(encodeEvent(event)));
  }

  private summary(step: number, value: SummaryValue): Promise<void> {
    return this.write({ wallTime: Date.now() / 1000, step, summary: { value: [value] } });
  }

  /** A scalar point of the curve `tag`. */
  scalar(tag: string, value: number, step: number): Promise<void> {
    return this.summary(step, { tag, simpleValue: value });
  }

  /** An image (PNG bytes) of `height` x `width` with `channels` channels (1 gray, 3 RGB, 4 RGBA). */
  image(tag: string, png: Uint8Array, size: { height: number; width: number; channels: number }, step: number): Promise<void> {
    return this.summary(step, { tag, image: { height: size.height, width: size.width, colorspace: size.channels, encodedImageString: png } });
  }

  /** Markdown text for the text dashboard (the text plugin's scalar string tensor). */
  text(tag: string, markdown: string, step: number): Promise<void> {
    return this.summary(step, {
      tag,
      tensor: { dtype: dataTypes.DT_STRING, tensorShape: { dim: [] }, stringVal: [new TextEncoder().encode(markdown)] },
      metadata: { pluginData: { pluginName: 'text' } },
    });
  }

  /** A session start at `step`: TensorBoard drops the events past it that an earlier file holds (a resumed run). */
  sessionStart(step: number): Promise<void> {
    return this.write({ wallTime: Date.now() / 1000, step, sessionLog: { status: sessionStatus.START } });
  }

  /** Flushes to disk. */
  async flush(): Promise<void> {
    await this.file.sync();
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    await this.file.sync().catch(() => undefined);
    await this.file.close();
  }
}
